import { z } from 'zod';

/**
 * A name as stored. New names with hidden characters are refused when added (TrustStore.add); one
 * already in a hand-edited or managed list is read as it is and escaped wherever it is shown
 * (shared/printable.ts), so a whole list is never lost to one odd name.
 */
const trustNameSchema = z.string().min(1).max(200);

/**
 * What every trust entry holds, whatever its kind. Each format module adds its own fields in its
 * own `trust-entry.ts`; `trust/trust-entry.ts` takes the union.
 */
export const entryBaseSchema = z.object({
  keyId: z.string().min(1).max(120),
  name: trustNameSchema,
  note: z.string().max(1000).optional(),
  /** When it was added (ISO 8601); optional in a list written by hand, such as an organisation's. */
  addedAt: z.string().max(40).default(''),
  /** The file name the key came from, shown in the details ("You added this name … from acme.pub"). */
  addedFrom: z.string().max(255).optional(),
  /** ISO 8601 bounds of the entry's own validity: validFrom inclusive, validUntil the first moment it no longer holds. */
  validFrom: z.string().max(40).optional(),
  validUntil: z.string().max(40).optional(),
});

export type EntryBase = z.infer<typeof entryBaseSchema> & {
  /** Set when read: the user's list, the organisation's, or a key given for one check (--pubkey). */
  source: 'user' | 'managed' | 'given';
};
