import type { TrustKind } from '../trust-kind';
import { type SigstoreStoredEntry, sigstoreIdentityKeyId } from './stored-entry';

/** A keyless signer: the identity and OIDC issuer its certificates must state, exactly. */
export const sigstoreTrustKind: TrustKind<SigstoreStoredEntry> = {
  kind: 'sigstore',
  kindWords: 'Sigstore identity',
  noun: 'identity',
  meta: ['kind'],
  describe: async (entry) => identityFacts(entry),
  removalFacts: identityFacts,
  listNote: (entry) => `Sigstore: ${entry.identity} via ${entry.issuer}`,
};

function identityFacts(entry: SigstoreStoredEntry) {
  return [
    { fact: 'identity', text: entry.identity },
    { fact: 'issuer', text: entry.issuer },
  ] as const;
}

/**
 * An identity given for one check (`--certificate-identity` with `--certificate-oidc-issuer`): one
 * the trust list holds keeps its trusted name and source; otherwise the identity names itself.
 */
export function givenIdentityEntry(
  identity: string,
  issuer: string,
  trusted: readonly { keyId: string; name: string; source: SigstoreStoredEntry['source'] }[],
): SigstoreStoredEntry {
  const keyId = sigstoreIdentityKeyId(identity, issuer);
  const known = trusted.find((t) => t.keyId === keyId);
  return {
    kind: 'sigstore',
    keyId,
    identity,
    issuer,
    name: known?.name ?? identity,
    addedAt: '',
    source: known?.source ?? 'given',
  };
}
