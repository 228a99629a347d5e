import type { Verdict } from '../../../shared/verdict';
import { codeFits, DEFAULT_CODE, type VerdictCode } from '../../../shared/verdict-code';
import type { FormatCheck } from '../formats/format-module';
import type { PolicyRule } from '../policy/verify-policy';

/**
 * The one table from a module's outcome to a verdict. A refused algorithm, hash, key size or
 * variant reads `malformed` (the signature is of a kind Signet will not vouch for); a refused
 * identity or time reads `unknown-signer` (the key is not trusted for this); a purpose mismatch
 * reads `tampered`, as an SSH signature for another namespace always has; bytes a signed container
 * cannot account for were added after signing.
 */
const REFUSED: Record<PolicyRule, Verdict> = {
  'weak-hash': 'malformed',
  'small-key': 'malformed',
  'refused-algorithm': 'malformed',
  'legacy-variant': 'malformed',
  'too-large': 'malformed',
  'weak-signature-algorithm': 'malformed',
  'incomplete-bundle': 'malformed',
  'not-yet-valid': 'unknown-signer',
  expired: 'unknown-signer',
  'key-expired': 'unknown-signer',
  'key-revoked': 'unknown-signer',
  'identity-mismatch': 'unknown-signer',
  'chain-untrusted-root': 'unknown-signer',
  'chain-invalid': 'unknown-signer',
  'not-listed-publisher': 'unknown-signer',
  'other-instance': 'unknown-signer',
  'other-file': 'unknown-signer',
  'policy-unreadable': 'unknown-signer',
  'wrong-purpose': 'tampered',
  'unaccounted-bytes': 'tampered',
};

/**
 * Causes that are never a change to the file, whatever outcome a module gives them: a signature for
 * another file, a service or policy Signet cannot vouch for, a bundle missing its proof.
 */
const NOT_A_CHANGE: ReadonlySet<PolicyRule> = new Set([
  'other-file',
  'other-instance',
  'incomplete-bundle',
  'policy-unreadable',
]);

export function verdictOf(check: Pick<FormatCheck, 'outcome' | 'rule'>): Verdict {
  // An unreadable policy lifts nothing: no answer is "verified" while it stands.
  if (check.rule === 'policy-unreadable') return 'unknown-signer';
  switch (check.outcome) {
    case 'valid':
      return 'verified';
    case 'invalid':
      return check.rule && NOT_A_CHANGE.has(check.rule) ? REFUSED[check.rule] : 'tampered';
    case 'unknown-signer':
      return 'unknown-signer';
    case 'refused':
      return check.rule ? REFUSED[check.rule] : 'malformed';
  }
}

/** The codes a rule may give, the first that fits the verdict wins (a purpose: tampered or untrusted). */
const RULE_CODES: Record<PolicyRule, readonly VerdictCode[]> = {
  'weak-hash': ['weak-hash'],
  'small-key': ['small-key'],
  'refused-algorithm': ['refused-algorithm'],
  'legacy-variant': ['legacy-variant'],
  'too-large': ['too-large'],
  'weak-signature-algorithm': ['weak-signature-algorithm'],
  'incomplete-bundle': ['incomplete-bundle'],
  'not-yet-valid': ['not-yet-valid'],
  expired: ['key-expired'],
  'key-expired': ['key-expired'],
  'key-revoked': ['key-revoked'],
  'identity-mismatch': ['identity-mismatch'],
  'chain-untrusted-root': ['chain-untrusted-root'],
  'chain-invalid': ['chain-invalid'],
  'not-listed-publisher': ['not-listed-publisher'],
  'other-instance': ['other-instance'],
  'other-file': ['other-file'],
  'policy-unreadable': ['policy-unreadable'],
  'wrong-purpose': ['namespace-mismatch', 'wrong-purpose'],
  'unaccounted-bytes': ['unaccounted-bytes'],
};

/** What decided a verdict, beyond the module's outcome and rule. */
export interface CodeSituation {
  /** Found in a signed checksum list rather than signed itself. */
  throughList?: boolean;
  /** The trust came from the person for this check alone (--pubkey, an allowed_signers file). */
  trustGiven?: boolean;
}

/**
 * The one place a verdict code is made: from the verdict and the rule that decided it. A code that
 * would contradict the verdict is never given; the verdict's own default is, instead.
 */
export function codeFor(
  verdict: Verdict,
  rule: PolicyRule | undefined,
  situation: CodeSituation = {},
): VerdictCode {
  if (verdict === 'verified') return situation.throughList ? 'verified-through-list' : 'verified';
  const fromRule = rule ? RULE_CODES[rule].find((code) => codeFits(code, verdict)) : undefined;
  if (fromRule) return fromRule;
  if (verdict === 'unknown-signer' && situation.trustGiven) return 'not-the-given-key';
  return DEFAULT_CODE[verdict];
}

/** A module's answer as a verdict and its code. */
export function verdictAndCode(
  check: Pick<FormatCheck, 'outcome' | 'rule'>,
  situation: CodeSituation = {},
): { verdict: Verdict; code: VerdictCode } {
  const verdict = verdictOf(check);
  return { verdict, code: codeFor(verdict, check.rule, situation) };
}
