import { sigstoreIdentityKeyId } from './stored-entry';
import type { SigstoreTrustEntry } from './trust-entry';

/**
 * An identity given for one check (`--certificate-identity` with `--certificate-oidc-issuer`): one
 * the trust list holds keeps its trusted name and source; otherwise the identity names itself.
 */
export function givenIdentityEntry(
  identity: string,
  issuer: string,
  trusted: readonly { keyId: string; name: string; source: SigstoreTrustEntry['source'] }[],
): SigstoreTrustEntry {
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
