import type { Verdict } from '../../../shared/verdict';
import type { FormatCheck } from '../formats/format-module';
import type { CheckedSignature } from './check-all';
import { verdictOf } from './outcome-verdict';

/**
 * "All candidates count", the one order: a signature that fails its maths (or a trusted one that
 * fails) means the content changed; otherwise one trusted valid signature is enough; then an
 * unknown signer; then a refusal.
 */
const OUTCOME_ORDER: readonly FormatCheck['outcome'][] = ['invalid', 'valid', 'unknown-signer', 'refused'];

/**
 * The same order in verdicts, for findings that are already verdicts (a detached signature, a list,
 * an unreadable signature file): tampered, verified, unknown-signer, malformed.
 */
const VERDICT_ORDER: readonly Verdict[] = OUTCOME_ORDER.map((outcome) => verdictOf({ outcome }));

/** The check that decides among several of one file's signatures, or undefined for none. */
export function decidingCheck(checked: readonly CheckedSignature[]): CheckedSignature | undefined {
  return firstBy(checked, (c) => OUTCOME_ORDER.indexOf(c.check.outcome));
}

/** The finding that answers for the file among everything found beside it, or undefined for none. */
export function decidingFinding<T extends { verdict: Verdict }>(findings: readonly T[]): T | undefined {
  return firstBy(findings, (f) => VERDICT_ORDER.indexOf(f.verdict));
}

/** The lowest-ranked item; among equals, the first (the order the candidates were found in). */
function firstBy<T>(items: readonly T[], rank: (item: T) => number): T | undefined {
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => rank(a.item) - rank(b.item) || a.index - b.index)[0]?.item;
}
