import type { Verdict } from '../../shared/verdict';
import type { IconName } from './Icon';

/** Each verdict's icon and tone. The headline from verdictText carries the meaning on its own. */
export const verdictIcon: Record<Verdict, IconName> = {
  verified: 'shieldCheck',
  'unknown-signer': 'shieldQuestion',
  tampered: 'stop',
  'no-signature': 'fileNone',
  malformed: 'warning',
};
