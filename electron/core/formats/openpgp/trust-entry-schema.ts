import { z } from 'zod';
import { type EntryBase, entryBaseSchema } from '../common/trust-entry-base';

/**
 * A trusted OpenPGP signer: trusted by primary fingerprint (also its `keyId`, so the trust list
 * finds, lists and removes it as any other key), its name from the person, not the key.
 */
export const openPgpTrustEntrySchema = entryBaseSchema.extend({
  kind: z.literal('openpgp'),
  fingerprint: z.string().regex(/^(?:[0-9A-F]{40}|[0-9A-F]{64})$/),
  certificate: z
    .string()
    .max(1_000_000)
    .refine((s) => s.trimStart().startsWith('-----BEGIN PGP PUBLIC KEY BLOCK-----')),
});

export type OpenPgpTrustEntry = z.infer<typeof openPgpTrustEntrySchema> & Pick<EntryBase, 'source'>;
