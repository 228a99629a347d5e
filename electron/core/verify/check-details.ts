import type { SignatureFormat, VerifyResult } from '../../../shared/verdict';
import type { FormatCheck, ParsedSignature } from '../formats/format-module';

/** How a result names the kind of signature: the module's id, and its variant when it has one. */
export function formatOf(sig: ParsedSignature): SignatureFormat {
  return (sig.variant ? `${sig.format}-${sig.variant}` : sig.format) as SignatureFormat;
}

/** The details of a check that may be shown; signed metadata only once everything checked out. */
export function signatureDetails(check: FormatCheck): Partial<VerifyResult> {
  const valid = check.outcome === 'valid';
  return {
    algorithm: check.algorithm,
    ...(check.keyId ? { keyId: check.keyId } : {}),
    ...(check.signerName ? { signerName: check.signerName } : {}),
    ...(check.signerManaged !== undefined ? { signerManaged: check.signerManaged } : {}),
    ...(valid && check.trustedComment !== undefined ? { trustedComment: check.trustedComment } : {}),
    ...(valid && check.signedAt ? { signedAt: check.signedAt } : {}),
    ...(valid && check.signedAt && check.signedAtSource ? { signedAtSource: check.signedAtSource } : {}),
    ...(check.vouchedBy ? { vouchedBy: check.vouchedBy } : {}),
    ...(check.issuerChain ? { issuerChain: [...check.issuerChain] } : {}),
    ...(valid && check.trustedFrom ? { trustedFrom: check.trustedFrom } : {}),
    ...(check.details && check.details.length > 0 ? { details: [...check.details] } : {}),
  };
}
