import { z } from 'zod';
import { storedPublisherSchema } from '../formats/authenticode/publisher-entry';
import type { EntryBase } from '../formats/common/trust-entry-base';
import { minisignEntrySchema } from '../formats/minisign/trust-entry';
import { openPgpTrustEntrySchema } from '../formats/openpgp/trust-entry-schema';
import { sigstoreEntrySchema } from '../formats/sigstore/trust-entry';
import { sshEntrySchema } from '../formats/sshsig/trust-entry';

/**
 * A trust entry of any kind: the union of the schemas each format module owns. A module is given
 * only the entries whose kind it accepts, so a minisign key never verifies an SSH signature.
 */
export const storedEntrySchema = z.discriminatedUnion('kind', [
  minisignEntrySchema,
  sshEntrySchema,
  sigstoreEntrySchema,
  storedPublisherSchema,
  openPgpTrustEntrySchema,
]);
export type StoredEntry = z.infer<typeof storedEntrySchema>;
export type TrustEntryKind = StoredEntry['kind'];

/** An entry as verification sees it: stored, or a key given for one check. */
export type TrustEntry = StoredEntry & Pick<EntryBase, 'source'>;

/** Only the entries a module accepts. */
export function entriesFor(trust: readonly TrustEntry[], accepts: readonly string[]): TrustEntry[] {
  return trust.filter((entry) => accepts.includes(entry.kind));
}
