import type { FormatCheck } from '../formats/format-module';

/** What every check says while the organisation's policy cannot be read, in the CLI and the app alike. */
export const POLICY_UNREADABLE_REASON = "Your organisation's policy cannot be read — ask your IT team.";

/**
 * A check made while the organisation's managed policy is there but cannot be read. The policy may
 * have said "only our signers" or "not this publisher", so no signer counts: a valid signature
 * reads as not trusted, with the rule that says why, and nothing it claims about the signer is
 * kept. A signature whose maths failed still says the file changed: that is true under any policy.
 */
export function underUnreadablePolicy(check: FormatCheck): FormatCheck {
  if (check.outcome !== 'valid' && check.outcome !== 'unknown-signer') return check;
  const { algorithm, keyId, details } = check;
  return {
    outcome: 'unknown-signer',
    rule: 'policy-unreadable',
    reason: POLICY_UNREADABLE_REASON,
    algorithm,
    ...(keyId !== undefined ? { keyId } : {}),
    ...(details !== undefined ? { details } : {}),
  };
}
