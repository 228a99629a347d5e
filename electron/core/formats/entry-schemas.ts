import { storedPublisherSchema } from './authenticode/publisher-entry';
import { minisignEntrySchema } from './minisign/trust-entry';
import { openPgpTrustEntrySchema } from './openpgp/trust-entry-schema';
import { sigstoreEntrySchema } from './sigstore/trust-entry';
import { sshEntrySchema } from './sshsig/trust-entry';

export type { EntryBase } from './common/trust-entry-base';

/**
 * The schema of each trust entry kind a format owns, one line per kind: `trust/trust-entry.ts`
 * takes their union, so the trust list reads exactly these kinds.
 */
export const ENTRY_SCHEMAS = [
  minisignEntrySchema,
  sshEntrySchema,
  sigstoreEntrySchema,
  storedPublisherSchema,
  openPgpTrustEntrySchema,
] as const;
