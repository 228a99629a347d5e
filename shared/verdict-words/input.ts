import type { VerifyResult } from '../verdict';

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
