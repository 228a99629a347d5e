import type { VerifyResult } from '../verdict';
import { codeFits, DEFAULT_CODE, VERDICT_CODES, type VerdictCode } from '../verdict-code';

/** What the words are made from: the code, the facts, and the names Signet itself confirmed. */
export type WordsInput = Pick<VerifyResult, 'verdict' | 'code'> &
  Partial<
    Pick<
      VerifyResult,
      | 'facts'
      | 'signerName'
      | 'signerManaged'
      | 'vouchedBy'
      | 'signatureFile'
      | 'checksumList'
      | 'besideFile'
      | 'keyId'
      | 'reason'
    >
  >;

/** What the person may do here: whether they may add signers themselves or only their IT team can. */
export interface WordsContext {
  /** False when an organisation-managed list says only IT adds signers. Unknown counts as allowed. */
  userMayAdd?: boolean;
}

/** The last part of a path, for either separator: names in sentences are file names, not paths. */
export function lastSegment(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

/**
 * The code the words follow: the result's own, unless it is missing or does not fit the verdict
 * (a result from an older or damaged source), when the verdict's plain default speaks instead.
 */
export function wordsCode(result: Pick<WordsInput, 'verdict' | 'code'>): VerdictCode {
  const code = result.code as VerdictCode | undefined;
  return code !== undefined && Object.hasOwn(VERDICT_CODES, code) && codeFits(code, result.verdict)
    ? code
    : DEFAULT_CODE[result.verdict];
}
