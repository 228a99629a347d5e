import type { FormatDescriptor, FormatFacts } from '../format-module';
import { looksLikeOle } from './ole-file';
import { peImageNeeds } from './pe-image-needs';
import { looksLikePe, PE_HEAD_BYTES, readPeLayout } from './pe-layout';
import { publisherTrustKind } from './trust-kind';

/** Windows programs and installers carry their signature inside them; publishers are X.509 names. */
export const authenticodeFacts: FormatFacts = {
  id: 'authenticode',
  accepts: ['x509'],
  placement: 'embedded',
  suffixes: ['.exe', '.dll', '.sys', '.efi', '.scr', '.ocx', '.cpl', '.drv', '.msi', '.msp'],
  trust: publisherTrustKind,
  // The certificate is read again from the file: the facts carry only its thumbprint.
  verdictSigner: async (file, facts, offer) =>
    offer === 'publisher' && facts.kind === 'authenticode' && facts.thumbprint
      ? (await import('./verdict-signer')).publisherSigner(file, facts.thumbprint)
      : undefined,
  cliOptions: [
    {
      command: 'verify',
      flags: '--ca-roots <file>',
      description: 'PEM file of extra roots trusted for Windows (Authenticode) signatures',
    },
    {
      command: 'trust add',
      flags: '--publisher-cert <cert>',
      description: 'pin a Windows (Authenticode) publisher by its certificate (PEM or DER)',
    },
  ],
  recognise: (head) => looksLikePe(head) || looksLikeOle(head),
  // A signed program's check hashes its image with SHA-256, the hash every signer uses: its ranges
  // come from the headers alone, so the read can start before the signature is parsed.
  earlyNeeds(head, size) {
    if (!looksLikePe(head)) return undefined;
    try {
      const layout = readPeLayout(head.subarray(0, PE_HEAD_BYTES), size);
      return layout.certTable ? peImageNeeds(layout, ['sha256']) : undefined;
    } catch {
      return undefined;
    }
  },
};

/** The module loads pkijs and asn1js: only for a file that looks like a program or installer. */
export const authenticodeDescriptor: FormatDescriptor = {
  ...authenticodeFacts,
  load: async () => (await import('./module')).authenticodeModule,
};
