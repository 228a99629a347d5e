import type { VerdictSigner } from '../verdict-signer';
import { sigstoreIdentityEntry, sigstoreIdentityKeyId } from './stored-entry';

/** A keyless signer: the identity and issuer exactly as the signing certificate states them. */
export async function identitySigner(identity: string, issuer: string): Promise<VerdictSigner> {
  const keyId = sigstoreIdentityKeyId(identity, issuer);
  return {
    keyId,
    noun: 'identity',
    facts: [`Identity: ${identity}`, `Vouched for by (OIDC issuer): ${issuer}`],
    given: {
      givenEntries: [
        { kind: 'sigstore', keyId, identity, issuer, name: identity, addedAt: '', source: 'given' },
      ],
    },
    add: (trust, { name, note }) =>
      trust.addIdentity({
        name,
        entry: (checkedName, addedAt) =>
          sigstoreIdentityEntry({ identity, issuer, name: checkedName, addedAt, ...(note ? { note } : {}) }),
      }),
  };
}
