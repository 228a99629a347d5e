import { z } from 'zod';
import { type EntryBase, entryBaseSchema } from '../common/trust-entry-base';

/** A minisign or signify key (the same bytes): trusted by both modules, never by SSH. */
export const minisignEntrySchema = entryBaseSchema.extend({
  kind: z.literal('minisign'),
  /** base64 of the 32-byte Ed25519 public key. */
  publicKey: z.string().regex(/^[A-Za-z0-9+/]{43}=$/),
  /** base64 of the 8-byte key number. */
  keyNum: z.string().regex(/^[A-Za-z0-9+/]{11}=$/),
});

export type MinisignTrustEntry = z.infer<typeof minisignEntrySchema> & Pick<EntryBase, 'source'>;
