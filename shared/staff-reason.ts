import type { VerifyResult } from './verdict';
import { staffSentence } from './verdict-words';

type ReasonInput = Pick<VerifyResult, 'verdict' | 'code'> &
  Partial<
    Pick<
      VerifyResult,
      'reason' | 'signerName' | 'signatureFile' | 'checksumList' | 'besideFile' | 'facts' | 'file'
    >
  >;

/**
 * The one sentence under a staff headline: why, in words a person without the expert's vocabulary
 * reads at once. The core's own reason (key ids, format words) stays in the details for experts.
 */
export function staffReason(result: ReasonInput): string {
  return staffSentence(result);
}
