import { z } from 'zod';
import { ENTRY_SCHEMAS, type EntryBase } from '../formats/entry-schemas';

/**
 * A trust entry of any kind: the union of the schemas each format module owns. A module is given
 * only the entries whose kind it accepts, so a minisign key never verifies an SSH signature.
 */
export const storedEntrySchema = z.discriminatedUnion('kind', ENTRY_SCHEMAS);
export type StoredEntry = z.infer<typeof storedEntrySchema>;

/** An entry as verification sees it: stored, or a key given for one check. */
export type TrustEntry = StoredEntry & Pick<EntryBase, 'source'>;
