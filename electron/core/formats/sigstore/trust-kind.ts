import type { TrustKind } from '../trust-kind';
import type { SigstoreTrustEntry } from './trust-entry';
import { sigstoreQuickFields } from './trust-entry-quick';

/** A keyless signer: the identity and OIDC issuer its certificates must state, exactly. */
export const sigstoreTrustKind: TrustKind<SigstoreTrustEntry> = {
  kind: 'sigstore',
  kindWords: 'Sigstore identity',
  noun: 'identity',
  meta: ['kind'],
  describe: async (entry) => identityFacts(entry),
  removalFacts: identityFacts,
  listNote: (entry) => `Sigstore: ${entry.identity} via ${entry.issuer}`,
  quickFields: sigstoreQuickFields,
};

function identityFacts(entry: SigstoreTrustEntry) {
  return [
    { fact: 'identity', text: entry.identity },
    { fact: 'issuer', text: entry.issuer },
  ] as const;
}
