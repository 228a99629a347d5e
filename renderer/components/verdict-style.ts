import type { Verdict } from '../../shared/verdict';
import type { AnswerTone } from '../lib/combined-answer';
import type { IconName } from './Icon';

/** Each verdict's icon and tone. The headline from verdictText carries the meaning on its own. */
const verdictIcon: Record<Verdict, IconName> = {
  verified: 'shieldCheck',
  'unknown-signer': 'shieldQuestion',
  tampered: 'stop',
  'no-signature': 'fileNone',
  malformed: 'warning',
};

/** A combined answer's icon: a checksum match with no signature gets a plain check, not a shield. */
export const answerIcon: Record<AnswerTone, IconName> = { ...verdictIcon, 'checksum-match': 'check' };
