import type { VerifyResult } from '../../shared/verdict';
import { plural } from './format';

/** Problems first: what must not be used, then what cannot be vouched for, then the good answers. */
const ORDER: Record<VerifyResult['verdict'], number> = {
  tampered: 0,
  malformed: 1,
  'unknown-signer': 2,
  'no-signature': 3,
  verified: 4,
};

export function problemsFirst(results: readonly VerifyResult[]): VerifyResult[] {
  return results
    .map((result, index) => ({ result, index }))
    .sort((a, b) => ORDER[a.result.verdict] - ORDER[b.result.verdict] || a.index - b.index)
    .map(({ result }) => result);
}

/** "7 files checked: 3 verified, 1 must not be used, 3 need your attention." */
export function resultsSummary(results: readonly VerifyResult[]): string {
  const verified = results.filter((r) => r.verdict === 'verified').length;
  const doNotUse = results.filter((r) => r.verdict === 'tampered').length;
  const parts = [`${verified} verified`];
  if (doNotUse > 0) parts.push(`${doNotUse} must not be used`);
  const rest = results.length - verified - doNotUse;
  if (rest > 0) parts.push(`${rest} need${rest === 1 ? 's' : ''} your attention`);
  return `${plural(results.length, 'file', 'files')} checked: ${parts.join(', ')}.`;
}
