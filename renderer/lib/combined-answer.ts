import { HASH_LABEL, isWeakChecksum } from '../../shared/hash-label';
import type { ChecksumComparison } from '../../shared/ipc/contract';
import type { Verdict, VerifyResult } from '../../shared/verdict';
import { verdictWords, type WordsContext } from '../../shared/verdict-words';

/** The card's colour and icon: a verdict's, or a good checksum match where no signature answered. */
export type AnswerTone = Verdict | 'checksum-match';

/** One answer per file: the signature's verdict and the pasted checksum told together. */
export interface CombinedAnswer {
  tone: AnswerTone;
  headline: string;
  reason: string;
  nextStep: string;
}

const isWeak = (c: ChecksumComparison) => isWeakChecksum(c.algorithm);

/**
 * The headline never contradicts what sits below it: a checksum that does not match makes the
 * whole answer "Do not use", whatever the signature said; a match adds to the signature's answer and
 * stands on its own only where there was no usable signature (and then says what it cannot prove).
 * The verdict itself (data-verdict) is the signature's and is never changed here.
 */
export function combinedAnswer(
  result: VerifyResult,
  comparison: ChecksumComparison | undefined,
  context: WordsContext,
): CombinedAnswer {
  const own: CombinedAnswer = { tone: result.verdict, ...verdictWords(result, context) };
  if (!comparison) return own;
  const name = HASH_LABEL[comparison.algorithm];
  if (!comparison.match) {
    if (result.verdict === 'verified') {
      // The signature still vouches for this file: the pasted checksum is the odd one out.
      return {
        tone: 'unknown-signer',
        headline: 'The checksum you pasted is not this file’s: it may be for another version or platform',
        reason: `The file’s own signature checks out. ${own.reason}`,
        nextStep:
          'Check that you copied the checksum for exactly this file, version and platform from the publisher’s site.',
      };
    }
    return {
      tone: 'tampered',
      headline: 'Do not use this file: it does not match the checksum from the website',
      reason: `The ${name} checksum you pasted is not this file's.`,
      nextStep:
        'Check that you copied the checksum for exactly this file and version. If it still does not match, delete the file and download it again from the official site.',
    };
  }
  const weakNote = isWeak(comparison)
    ? ` ${name} is an old kind of checksum: a match shows the download is complete, but cannot prove nobody swapped the file on purpose.`
    : '';
  switch (result.verdict) {
    case 'verified':
      return { ...own, reason: `${own.reason} It also matches the ${name} checksum from the website.` };
    case 'tampered':
      return {
        ...own,
        reason: `${own.reason} It matches the checksum from the website, so the website may describe a changed file too.`,
      };
    case 'unknown-signer':
      return {
        tone: 'unknown-signer',
        headline: 'Matches the website’s checksum, but the signer is not one you trust',
        reason: `This is the file the website describes (${name}).${weakNote} ${own.reason}`,
        nextStep: own.nextStep,
      };
    default:
      // No signature, or one Signet could not use: the checksum is the only evidence.
      if (isWeak(comparison)) {
        return {
          tone: 'unknown-signer',
          headline: `Matches the website’s ${name} checksum, which is weak proof`,
          reason: `The download is complete and undamaged.${weakNote}`,
          nextStep: 'Ask the publisher for a SHA-256 checksum or a signature file before you use it.',
        };
      }
      return {
        tone: 'checksum-match',
        headline: 'Matches the checksum from the website',
        reason: `This is the file the website describes (${name}). ${result.verdict === 'no-signature' ? 'There is no signature, so Signet cannot say who made it.' : own.reason}`,
        nextStep:
          'Use it only if you trust the website you copied the checksum from, and that it was the publisher’s own site.',
      };
  }
}
