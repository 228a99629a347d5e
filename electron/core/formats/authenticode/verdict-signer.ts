import { basename } from 'node:path';
import { SignetError } from '../../errors';
import type { VerdictSigner } from '../verdict-signer';
import { readEmbeddedSignature } from './embedded-signature';
import { authenticodeModule } from './module';
import { thumbprintOf } from './publisher-entry';
import { nodeCertificate } from './signed-data';

/**
 * The publisher of a signed program, pinned by the thumbprint main saw: the file's embedded
 * signature is read again, and only the certificate with that thumbprint is offered.
 */
export async function publisherSigner(file: string, thumbprint: string): Promise<VerdictSigner> {
  const bytes = await readEmbeddedSignature(file);
  const signatures = bytes ? authenticodeModule.parse(bytes).signatures : [];
  const cert = signatures
    .map((s) => nodeCertificate(s.signerCert))
    .find((c) => thumbprintOf(new Uint8Array(c.raw)) === thumbprint);
  if (!cert) {
    throw new SignetError(
      'usage',
      `The signature on ${basename(file)} changed since it was checked. Check the file again, then trust its publisher. Nothing was added.`,
    );
  }
  const der = new Uint8Array(cert.raw);
  return {
    keyId: thumbprint,
    noun: 'certificate',
    facts: [
      `The certificate says (not confirmed): ${cert.subject.replace(/\n/g, ', ')}`,
      `Issued by: ${cert.issuer.replace(/\n/g, ', ')}`,
      `Valid: ${cert.validFrom} to ${cert.validTo}`,
      `Thumbprint (SHA-256): ${thumbprint}`,
    ],
    given: {
      givenEntries: [
        {
          kind: 'x509',
          keyId: thumbprint,
          thumbprintSha256: thumbprint,
          name: 'this publisher',
          addedAt: '',
          source: 'given',
        },
      ],
    },
    add: (trust, input) => trust.addPublisher({ certificate: der, ...input }),
  };
}
