import type { VerifyResult } from '../../../shared/verdict';
import { signatureFactsOf } from '../../../shared/verdict-facts';
import { formatOf } from '../../core/formats/registry';
import type { TrustedEntry } from '../../core/trust/trust-store';

/**
 * A keyless signature names no key, so its verdict carries no id; the card's "Trusted because"
 * row finds the entry by id. The format that read it says which trust entry matched.
 */
export function withTrustEntryId(result: VerifyResult, trusted: readonly TrustedEntry[]): VerifyResult {
  const facts = signatureFactsOf(result.facts);
  if (result.verdict !== 'verified' || result.keyId !== undefined || !facts) return result;
  const keyId = formatOf(facts.kind)?.verifiedBy?.(facts, result.signerName, trusted);
  return keyId === undefined ? result : { ...result, keyId };
}
