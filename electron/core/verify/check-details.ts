import { SIGNATURE_FORMATS, type SignatureFormat, type VerifyResult } from '../../../shared/verdict';
import { KEY_FACT_KINDS, type SignatureFacts } from '../../../shared/verdict-facts';
import type { FormatCheck, FormatId, ParsedSignature } from '../formats/format-module';

/** How a result names the kind of signature: the module's id, and its variant when it has one. */
export function formatOf(sig: ParsedSignature): SignatureFormat | undefined {
  const name = sig.variant ? `${sig.format}-${sig.variant}` : sig.format;
  return SIGNATURE_FORMATS.find((format) => format === name);
}

/**
 * The typed facts of a check: the module's own, or for a raw-key kind (whose check has nothing more
 * to say than its key id and signed text) made here. Signed metadata only once everything checked out.
 */
function factsOf(check: FormatCheck, format: FormatId): SignatureFacts | undefined {
  if (check.facts) return check.facts;
  const kind = KEY_FACT_KINDS.find((k) => k === format);
  if (!kind) return undefined;
  const valid = check.outcome === 'valid';
  return {
    kind,
    ...(check.keyId ? { keyId: check.keyId } : {}),
    ...(valid && check.trustedComment !== undefined ? { trustedComment: check.trustedComment } : {}),
    ...(valid && check.signedAt ? { signedAt: check.signedAt } : {}),
  };
}

/** The details of a check that may be shown; signed metadata only once everything checked out. */
export function signatureDetails(check: FormatCheck, format?: FormatId): Partial<VerifyResult> {
  const valid = check.outcome === 'valid';
  const facts = format ? factsOf(check, format) : check.facts;
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
    ...(facts ? { facts } : {}),
  };
}
