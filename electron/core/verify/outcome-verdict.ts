import type { Verdict } from '../../../shared/verdict';
import type { FormatCheck } from '../formats/format-module';
import type { PolicyRule } from '../policy/verify-policy';

/**
 * The one table from a module's outcome to a verdict. A refused algorithm, hash, key size or
 * variant reads `malformed` (the signature is of a kind Signet will not vouch for); a refused
 * identity or time reads `unknown-signer` (the key is not trusted for this); a purpose mismatch
 * reads `tampered`, as an SSH signature for another namespace always has.
 */
const REFUSED: Record<PolicyRule, Verdict> = {
  'weak-hash': 'malformed',
  'small-key': 'malformed',
  'refused-algorithm': 'malformed',
  'legacy-variant': 'malformed',
  'too-large': 'malformed',
  'not-yet-valid': 'unknown-signer',
  expired: 'unknown-signer',
  revoked: 'unknown-signer',
  'identity-mismatch': 'unknown-signer',
  'wrong-purpose': 'tampered',
  'other-instance': 'unknown-signer',
  'incomplete-bundle': 'malformed',
  'other-file': 'unknown-signer',
};

export function verdictOf(check: Pick<FormatCheck, 'outcome' | 'rule'>): Verdict {
  switch (check.outcome) {
    case 'valid':
      return 'verified';
    case 'invalid':
      return 'tampered';
    case 'unknown-signer':
      return 'unknown-signer';
    case 'refused':
      return check.rule ? REFUSED[check.rule] : 'malformed';
  }
}
