import type { VerifyResult } from '../../../shared/verdict';
import { signatureFactsOf } from '../../../shared/verdict-facts';
import type { TrustedEntry } from '../../core/trust/trust-store';

/**
 * A keyless (Sigstore) signature names no key, so its verdict carries no id; the card's "Trusted
 * because" row finds the entry by id. The id of the trust entry that matched, exactly, the
 * identity and issuer the certificate states is given to the verdict here.
 */
export function withTrustEntryId(result: VerifyResult, trusted: readonly TrustedEntry[]): VerifyResult {
  const facts = signatureFactsOf(result.facts);
  if (result.verdict !== 'verified' || result.keyId !== undefined || facts?.kind !== 'sigstore')
    return result;
  const { identity, issuer } = facts;
  if (identity === undefined || issuer === undefined) return result;
  const entry = trusted.find(
    (t) =>
      t.kind === 'sigstore' && t.identity === identity && t.issuer === issuer && t.name === result.signerName,
  );
  return entry ? { ...result, keyId: entry.keyId } : result;
}
