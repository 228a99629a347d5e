import { PolicyError, VerificationError } from '@sigstore/verify';
import type { FormatCheck } from '../format-module';

type Failure = Pick<FormatCheck, 'outcome' | 'rule' | 'reason'>;

/**
 * The one table from the library's error codes to Signet's outcomes. Codes only: the library's
 * message text is neither matched nor shown. Nothing here is ever 'valid'.
 */
export function failureOf(error: unknown, what: string): Failure {
  if (error instanceof PolicyError) {
    return { outcome: 'unknown-signer', reason: `${what} was signed, but not by an identity you trust.` };
  }
  if (!(error instanceof VerificationError)) {
    return { outcome: 'invalid', reason: `The Sigstore bundle for ${lower(what)} could not be checked.` };
  }
  switch (error.code) {
    case 'SIGNATURE_ERROR':
    case 'TLOG_BODY_ERROR':
      return { outcome: 'invalid', reason: `${what} does not match its Sigstore signature.` };
    case 'TLOG_ERROR':
    case 'TLOG_INCLUSION_PROOF_ERROR':
    case 'TLOG_INCLUSION_PROMISE_ERROR':
    case 'TLOG_MISSING_INCLUSION_ERROR':
      return {
        outcome: 'invalid',
        reason: `The transparency-log record in the Sigstore bundle for ${lower(what)} does not check out.`,
      };
    case 'TIMESTAMP_ERROR':
      return {
        outcome: 'invalid',
        reason: `The time stamps in the Sigstore bundle for ${lower(what)} do not check out.`,
      };
    case 'CERTIFICATE_ERROR':
      return {
        outcome: 'unknown-signer',
        reason: `The signing certificate for ${lower(what)} was not issued by the Sigstore authority Signet trusts, or was not valid when the signature was logged.`,
      };
    case 'PUBLIC_KEY_ERROR':
      return {
        outcome: 'unknown-signer',
        reason: `The key that signed ${lower(what)} is not the key you gave.`,
      };
    case 'NOT_IMPLEMENTED_ERROR':
      return {
        outcome: 'refused',
        rule: 'refused-algorithm',
        reason: `The Sigstore bundle for ${lower(what)} uses a kind of record Signet does not check.`,
      };
    default:
      return { outcome: 'invalid', reason: `The Sigstore bundle for ${lower(what)} could not be checked.` };
  }
}

/** "The file" → "the file" inside a sentence. */
export function lower(what: string): string {
  return what.charAt(0).toLowerCase() + what.slice(1);
}
