import { createHash } from 'node:crypto';
import { z } from 'zod';
import { FormatError } from '../../errors';
import { type EntryBase, entryBaseSchema } from '../common/trust-entry-base';

/**
 * A keyless signer as the trust list stores it (the user's or the organisation's managed list):
 * the certificate identity and OIDC issuer, both compared exactly, under the common entry fields.
 * The key id is derived from the pair so `signet trust remove` and de-duplication work as for keys.
 */
export const sigstoreStoredEntrySchema = entryBaseSchema.extend({
  kind: z.literal('sigstore'),
  identity: z.string().min(1).max(2048),
  issuer: z.string().min(1).max(2048),
});

export type SigstoreStoredEntry = z.infer<typeof sigstoreStoredEntrySchema> & Pick<EntryBase, 'source'>;

/** "sigstore:" and 16 hex digits of SHA-256(identity NUL issuer): short, stable, not a secret. */
export function sigstoreIdentityKeyId(identity: string, issuer: string): string {
  const digest = createHash('sha256').update(`${identity}\u0000${issuer}`).digest('hex');
  return `sigstore:${digest.slice(0, 16)}`;
}

/** The stored entry for an identity the person trusts. */
export function sigstoreIdentityEntry(input: {
  identity: string;
  issuer: string;
  name: string;
  note?: string;
  addedAt: string;
}): z.infer<typeof sigstoreStoredEntrySchema> {
  const parsed = sigstoreStoredEntrySchema.safeParse({
    kind: 'sigstore',
    keyId: sigstoreIdentityKeyId(input.identity, input.issuer),
    identity: input.identity,
    issuer: input.issuer,
    name: input.name,
    ...(input.note ? { note: input.note } : {}),
    addedAt: input.addedAt,
  });
  if (!parsed.success) {
    throw new FormatError('An identity and an issuer are each 1 to 2048 characters, and a name 1 to 200.');
  }
  return parsed.data;
}
