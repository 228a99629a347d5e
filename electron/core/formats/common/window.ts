import type { VerifyPolicy } from '../../policy/verify-policy';
import type { FormatCheck } from '../format-module';

/** A trust entry's own validity window, asked of the policy at its one reference time. */
export function entryWindowProblem(
  entry: { validFrom?: string; validUntil?: string; name: string },
  policy: VerifyPolicy,
): Pick<FormatCheck, 'outcome' | 'rule' | 'reason'> | undefined {
  const from = entry.validFrom ? new Date(entry.validFrom) : undefined;
  const until = entry.validUntil ? new Date(entry.validUntil) : undefined;
  const decision = policy.window({ ...(from ? { from } : {}), ...(until ? { until } : {}) });
  if (decision.ok) return undefined;
  return {
    outcome: 'unknown-signer',
    rule: decision.rule,
    reason: `The key is trusted as “${entry.name}”, but only for a time: that permission ${decision.detail}.`,
  };
}
