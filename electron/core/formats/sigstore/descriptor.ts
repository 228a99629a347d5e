import { SIGSTORE_BUNDLE_MAX_BYTES } from '../../limits';
import type { FormatDescriptor, FormatFacts } from '../format-module';
import type { SigningReads } from '../signing-side';
import { sigstoreEarlyPasses } from './early-passes';
import { looksLikeSigstoreBundle } from './media-types';
import { sigstoreTrustKind } from './trust-kind';
import { identityEntryThatVerified } from './verified-by';

/** A keyless bundle signs the file's SHA-256 (signing.ts spreads this). */
export const SIGSTORE_SIGNING_READS: SigningReads = { digests: ['sha256'] };

export const sigstoreFacts: FormatFacts = {
  id: 'sigstore',
  accepts: ['sigstore'],
  placement: 'detached',
  suffixes: ['.sigstore.json', '.sigstore', '.bundle'],
  trust: sigstoreTrustKind,
  // The certificate states the identity and issuer: nothing more is needed to trust them.
  verdictSigner: async (_file, facts, offer) =>
    offer === 'identity' && facts.kind === 'sigstore' && facts.identity && facts.issuer
      ? (await import('./verdict-signer')).identitySigner(facts.identity, facts.issuer)
      : undefined,
  verifiedBy: identityEntryThatVerified,
  signingReads: SIGSTORE_SIGNING_READS,
  cliOptions: [
    {
      command: 'sign',
      flags: '--sigstore',
      description:
        'sign keyless with your identity (Sigstore): write FILE.sigstore.json, published in a public log',
    },
    {
      command: 'sign',
      flags: '--signing-config <file>',
      description:
        "with --sigstore: a private Sigstore instance's signing configuration (with --trusted-root)",
    },
    {
      command: 'sign',
      flags: '--trusted-root <file>',
      description: "with --sigstore: that instance's trusted root, which each bundle is checked against",
    },
    {
      command: 'sign',
      flags: '--yes',
      description: 'with --sigstore: agree to publish your identity without a prompt (CI)',
    },
    {
      command: 'verify',
      flags: '--bundle <bundle>',
      description: 'Sigstore bundle (default: FILE.sigstore.json, .sigstore, .bundle)',
    },
    {
      command: 'verify',
      flags: '--certificate-identity <id>',
      description: 'Sigstore: the exact identity that must have signed',
    },
    {
      command: 'verify',
      flags: '--certificate-oidc-issuer <url>',
      description: 'Sigstore: the exact OIDC issuer of that identity',
    },
    {
      command: 'verify',
      flags: '--trusted-root <file>',
      description: 'Sigstore trusted root to use instead of the built-in one',
    },
    {
      command: 'trust add',
      flags: '--certificate-identity <id>',
      description: 'Sigstore: trust this exact certificate identity (instead of a key)',
    },
    {
      command: 'trust add',
      flags: '--certificate-oidc-issuer <url>',
      description: 'Sigstore: the exact OIDC issuer of that identity',
    },
  ],
  // Certificate chain, inclusion proof and an in-toto statement naming many files: far past 64 KiB.
  maxSignatureBytes: SIGSTORE_BUNDLE_MAX_BYTES,
  recognise: looksLikeSigstoreBundle,
  earlyPasses: sigstoreEarlyPasses,
};

/** The module loads the Sigstore libraries and the built-in trusted root: only for a bundle. */
export const sigstoreDescriptor: FormatDescriptor = {
  ...sigstoreFacts,
  load: async () => (await import('./module')).sigstoreModule,
};
