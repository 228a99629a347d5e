import { z } from 'zod';

/** No control characters (C0, DEL, C1) in a trusted name: it is shown as a headline. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find them
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

export const trustNameSchema = z
  .string()
  .min(1)
  .max(200)
  .refine((name) => !CONTROL_CHARACTERS.test(name), 'a name holds no control characters');

/**
 * What every trust entry holds, whatever its kind. Each format module adds its own fields in its
 * own `trust-entry.ts`; `trust/trust-entry.ts` takes the union.
 */
export const entryBaseSchema = z.object({
  keyId: z.string().min(1).max(120),
  name: trustNameSchema,
  note: z.string().max(1000).optional(),
  addedAt: z.string().max(40),
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
