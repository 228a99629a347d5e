import { z } from 'zod';
import { type EntryBase, entryBaseSchema } from '../common/trust-entry-base';

/**
 * A keyless signer the person (or the organisation) trusts, as the trust list stores it: the
 * identity Fulcio put in the certificate's SAN (an email or a CI workflow URL) and the OIDC issuer
 * that vouched for it, under the common entry fields. Both must equal the certificate's, character
 * for character. The key id is derived from the pair (stored-entry.ts) so `signet trust remove` and
 * de-duplication work as for keys.
 */
export const sigstoreEntrySchema = entryBaseSchema.extend({
  kind: z.literal('sigstore'),
  identity: z.string().min(1).max(2048),
  issuer: z.string().min(1).max(2048),
});

export type SigstoreTrustEntry = z.infer<typeof sigstoreEntrySchema> & Pick<EntryBase, 'source'>;

/** The identity a certificate states: facts for the details panel, never a headline. */
export interface CertificateIdentity {
  identity?: string;
  issuer?: string;
}

/**
 * Exact comparison, never a pattern: sigstore-js reads an expected SAN as an unanchored regular
 * expression, so "github.com/org" would accept "github.com/org-evil/…". Signet never hands the
 * library an identity policy and decides here instead.
 */
export function findTrustedIdentity(
  stated: CertificateIdentity,
  trust: readonly SigstoreTrustEntry[],
): SigstoreTrustEntry | undefined {
  if (!stated.identity || !stated.issuer) return undefined;
  return trust.find((entry) => entry.identity === stated.identity && entry.issuer === stated.issuer);
}
