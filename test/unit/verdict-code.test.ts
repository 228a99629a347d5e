import { describe, expect, it } from 'vitest';
import type { PolicyRule } from '../../electron/core/policy/verify-policy';
import { codeFor, verdictAndCode, verdictOf } from '../../electron/core/verify/outcome-verdict';
import { VERDICTS } from '../../shared/verdict';
import { codeFits, VERDICT_CODE_NAMES } from '../../shared/verdict-code';

const CONTRACT_RULES: PolicyRule[] = [
  'other-instance',
  'incomplete-bundle',
  'other-file',
  'policy-unreadable',
  'key-revoked',
  'key-expired',
  'chain-untrusted-root',
  'chain-invalid',
  'weak-hash',
  'weak-signature-algorithm',
  'unaccounted-bytes',
  'identity-mismatch',
  'not-listed-publisher',
];
const OUTCOMES = ['valid', 'invalid', 'unknown-signer', 'refused'] as const;

describe('verdict codes: one place makes them, and a code never contradicts its verdict', () => {
  it('every outcome with every rule gives a code that fits its verdict', () => {
    for (const outcome of OUTCOMES) {
      for (const rule of [undefined, ...CONTRACT_RULES, 'wrong-purpose', 'expired'] as const) {
        const { verdict, code } = verdictAndCode({ outcome, ...(rule ? { rule } : {}) });
        expect(codeFits(code, verdict), `${outcome} ${rule} -> ${verdict} ${code}`).toBe(true);
      }
    }
  });

  it('each rule other slices name becomes a code of its own name where the verdict allows it', () => {
    for (const rule of CONTRACT_RULES) {
      const verdict = verdictOf({ outcome: 'refused', rule });
      expect(codeFor(verdict, rule)).toBe(rule);
    }
  });

  it('a signature for another file or another Sigstore service is never "changed", an unreadable policy never verified', () => {
    expect(verdictOf({ outcome: 'invalid', rule: 'other-file' })).toBe('unknown-signer');
    expect(verdictOf({ outcome: 'invalid', rule: 'other-instance' })).toBe('unknown-signer');
    expect(verdictOf({ outcome: 'invalid', rule: 'incomplete-bundle' })).toBe('malformed');
    expect(verdictOf({ outcome: 'invalid', rule: 'unaccounted-bytes' })).toBe('tampered');
    expect(verdictOf({ outcome: 'valid', rule: 'policy-unreadable' })).toBe('unknown-signer');
  });

  it('a purpose mismatch is a namespace change for SSH, an untrusted purpose for a certificate', () => {
    expect(verdictAndCode({ outcome: 'refused', rule: 'wrong-purpose' }).code).toBe('namespace-mismatch');
    expect(verdictAndCode({ outcome: 'unknown-signer', rule: 'wrong-purpose' }).code).toBe('wrong-purpose');
  });

  it('a key given for one check that did not sign, and a file found through a signed list, say so', () => {
    expect(codeFor('unknown-signer', undefined, { trustGiven: true })).toBe('not-the-given-key');
    expect(codeFor('verified', undefined, { throughList: true })).toBe('verified-through-list');
  });

  it('every verdict has at least one code', () => {
    for (const verdict of VERDICTS) expect(VERDICT_CODE_NAMES.some((c) => codeFits(c, verdict))).toBe(true);
  });
});
