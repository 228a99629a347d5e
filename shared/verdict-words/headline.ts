import type { Verdict } from '../verdict';
import type { VerdictCode } from '../verdict-code';
import { type WordsInput, wordsCode } from './input';

const BY_VERDICT: Record<Exclude<Verdict, 'verified'>, string> = {
  'unknown-signer': 'Signed, but not by anyone you trust',
  tampered: 'Do not use this file: it was changed after it was signed',
  'no-signature': 'No signature found for this file',
  malformed: 'The signature file is damaged or not a kind we read',
};

/** Codes whose headline says more than their verdict's. */
const BY_CODE: Partial<Record<VerdictCode, string>> = {
  'policy-unreadable': 'Your organisation’s policy cannot be read — ask your IT team',
  'other-file': 'This signature is for another file',
  'namespace-mismatch': 'Do not use this file: its signature was made for something else',
  'unaccounted-bytes': 'Do not use this file: data was added after it was signed',
  'unreadable-kind': 'Signet cannot check this kind of signature',
  'not-a-signature': 'Signet cannot check this kind of signature',
  'beside-signature': 'Signet cannot check this kind of signature',
  'file-unreadable': 'Signet could not check this file',
};

/** The headline alone must be right: a person may read nothing else. */
export function headlineOf(result: WordsInput): string {
  if (result.verdict === 'verified') return `Verified: made by ${result.signerName ?? 'a signer you trust'}`;
  return BY_CODE[wordsCode(result)] ?? BY_VERDICT[result.verdict];
}
