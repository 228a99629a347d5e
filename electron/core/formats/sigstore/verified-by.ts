import type { VerifiedByHook } from '../verdict-signer';

/**
 * A keyless signature names no key, so its verdict carries no id: the entry that matched, exactly,
 * the identity and issuer the certificate states (and gave the verdict its name) is the one.
 */
export const identityEntryThatVerified: VerifiedByHook = (facts, signerName, trusted) => {
  if (facts.kind !== 'sigstore') return undefined;
  const { identity, issuer } = facts;
  if (identity === undefined || issuer === undefined) return undefined;
  return trusted.find(
    (t) => t.kind === 'sigstore' && t.identity === identity && t.issuer === issuer && t.name === signerName,
  )?.keyId;
};
