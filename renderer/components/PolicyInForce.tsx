import type { PolicySummary } from '../../shared/policy-summary';
import { policyOriginSentence, policySentences } from '../../shared/policy-words';
import { printable } from '../../shared/printable';
import { Notice } from './Notice';

/** The organisation's policy in force, in the same words `signet policy show` prints. */
export function PolicyInForce({
  summary,
  unreadable,
}: {
  summary: PolicySummary | null;
  unreadable: string | null;
}) {
  if (unreadable) {
    return (
      <Notice tone="error" title="Your organisation's policy cannot be read — ask your IT team">
        Until it is fixed, no file shows as verified on this computer. {unreadable}
      </Notice>
    );
  }
  if (!summary) return null;
  const origin = policyOriginSentence(summary.sources);
  return (
    <div className="policy-in-force">
      {origin ? <p className="policy-in-force__origin">{origin}</p> : null}
      <ul className="policy-in-force__rules">
        {policySentences(summary).map((sentence) => (
          <li key={sentence}>{printable(sentence)}</li>
        ))}
      </ul>
      {summary.sources.length > 0 ? (
        <p className="settings-note">
          Read from {summary.sources.map((source) => printable(source.where)).join(', ')}.
        </p>
      ) : null}
    </div>
  );
}
