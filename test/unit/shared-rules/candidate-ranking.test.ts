import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FormatCheck } from '../../../electron/core/formats/format-module';
import type { CheckedSignature } from '../../../electron/core/verify/check-all';
import { decidingCheck, decidingFinding } from '../../../electron/core/verify/decide';
import { verdictOf } from '../../../electron/core/verify/outcome-verdict';
import { VERDICTS, type Verdict } from '../../../shared/verdict';
import { sourcesMatching } from './source-files';

const OUTCOMES: FormatCheck['outcome'][] = ['valid', 'unknown-signer', 'invalid', 'refused'];

function checked(outcome: FormatCheck['outcome'], n: number): CheckedSignature {
  return {
    file: `sig-${n}`,
    sig: {},
    check: { outcome, reason: `check ${n}` },
  } as unknown as CheckedSignature;
}

// The two orders as they were written before they had one home, kept here as the behaviour to hold.
function outcomeOrderBefore(list: readonly CheckedSignature[]): CheckedSignature | undefined {
  const rank = (c: CheckedSignature) =>
    ({ invalid: 0, valid: 1, 'unknown-signer': 2, refused: 3 })[c.check.outcome];
  return [...list].sort((a, b) => rank(a) - rank(b))[0];
}
function verdictOrderBefore<T extends { verdict: Verdict }>(findings: readonly T[]): T | undefined {
  const order = ['tampered', 'verified', 'unknown-signer', 'malformed'];
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort(
      (a, b) => order.indexOf(a.finding.verdict) - order.indexOf(b.finding.verdict) || a.index - b.index,
    )[0]?.finding;
}

describe('all candidates count: one order in core/verify/decide.ts', () => {
  it('decides among signatures exactly as check-all did', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...OUTCOMES), { maxLength: 8 }), (outcomes) => {
        const list = outcomes.map(checked);
        expect(decidingCheck(list)).toBe(outcomeOrderBefore(list));
      }),
    );
  });

  it('decides among findings exactly as verify-artifact did', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...VERDICTS), { maxLength: 8 }), (verdicts) => {
        const findings = verdicts.map((verdict, n) => ({ verdict, reason: `finding ${n}` }));
        expect(decidingFinding(findings)).toBe(verdictOrderBefore(findings));
      }),
    );
  });

  it('the two orders are one: a detached signature and a list answer alike for the same checks', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...OUTCOMES), { minLength: 1, maxLength: 8 }), (outcomes) => {
        const list = outcomes.map(checked);
        const findings = list.map((c) => ({ verdict: verdictOf(c.check), file: c.file }));
        expect(decidingFinding(findings)?.file).toBe(decidingCheck(list)?.file);
      }),
    );
  });

  it('a tampered copy outranks a good signature, and a good one an unknown signer', () => {
    expect(decidingCheck([checked('valid', 0), checked('invalid', 1)])?.file).toBe('sig-1');
    expect(decidingCheck([checked('unknown-signer', 0), checked('valid', 1)])?.file).toBe('sig-1');
    expect(decidingCheck([])).toBeUndefined();
  });

  it('no other module ranks candidates', () => {
    expect(sourcesMatching(/'tampered', 'verified', 'unknown-signer'|invalid: 0, valid: 1/)).toEqual([]);
  });
});
