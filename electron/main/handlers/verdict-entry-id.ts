import type { VerifyResult } from '../../../shared/verdict';
import type { TrustedEntry } from '../../core/trust/trust-store';

const IDENTITY_LABEL = 'Identity (as the certificate states it)';
const ISSUER_LABEL = 'OIDC issuer (as the certificate states it)';

/**
 * A keyless (Sigstore) signature names no key, so its verdict carries no id; the card's "Trusted
 * because" row finds the entry by id. The id of the trust entry that matched, exactly, the
 * identity and issuer the certificate states is given to the verdict here.
 */
export function withTrustEntryId(result: VerifyResult, trusted: readonly TrustedEntry[]): VerifyResult {
  if (result.verdict !== 'verified' || result.keyId !== undefined || !result.format?.startsWith('sigstore'))
    return result;
  const identity = result.details?.find((d) => d.label === IDENTITY_LABEL)?.value;
  const issuer = result.details?.find((d) => d.label === ISSUER_LABEL)?.value;
  const entry = trusted.find(
    (t) =>
      t.kind === 'sigstore' && t.identity === identity && t.issuer === issuer && t.name === result.signerName,
  );
  return entry ? { ...result, keyId: entry.keyId } : result;
}
