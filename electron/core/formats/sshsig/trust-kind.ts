import type { TrustKind } from '../trust-kind';
import type { SshTrustEntry } from './trust-entry';
import { sshQuickFields } from './trust-entry-quick';

/** An SSH public key: known by its SHA256 fingerprint, and said to be an SSH key. */
export const sshTrustKind: TrustKind<SshTrustEntry> = {
  kind: 'ssh',
  kindWords: 'SSH key',
  noun: 'key',
  meta: ['key-id', 'kind'],
  describe: async () => [],
  removalFacts: (entry) => [{ fact: 'key-id', text: entry.keyId }],
  quickFields: sshQuickFields,
};
