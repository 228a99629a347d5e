import { z } from 'zod';
import { type EntryBase, entryBaseSchema } from '../common/trust-entry-base';

/** An SSH Ed25519 key, with the restrictions an allowed_signers line gave it. */
export const sshEntrySchema = entryBaseSchema.extend({
  kind: z.literal('ssh'),
  /** base64 of the 32-byte Ed25519 public key. */
  publicKey: z.string().regex(/^[A-Za-z0-9+/]{43}=$/),
  /** allowed_signers `namespaces="…"` patterns; absent means any namespace. */
  namespaces: z.array(z.string().min(1).max(200)).max(100).optional(),
});

export type SshTrustEntry = z.infer<typeof sshEntrySchema> & Pick<EntryBase, 'source'>;
