import type { TrustKind } from '../trust-kind';
import type { MinisignTrustEntry } from './trust-entry';
import { minisignQuickFields } from './trust-entry-quick';

/** A minisign or signify public key: known by its key id alone. */
export const minisignTrustKind: TrustKind<MinisignTrustEntry> = {
  kind: 'minisign',
  kindWords: 'minisign or signify key',
  noun: 'key',
  meta: ['key-id'],
  describe: async () => [],
  removalFacts: (entry) => [{ fact: 'key-id', text: entry.keyId }],
  quickFields: minisignQuickFields,
};
