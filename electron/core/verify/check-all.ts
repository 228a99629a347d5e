import type { ContentFacts, FormatCheck, ParsedSignature } from '../formats/format-module';
import type { ContentResult } from '../hashing/content-plan';
import type { DigestAlgorithm } from '../hashing/digest-algorithms';
import { coversWholeMessage, type OpenArtifact, planFor, readArtifact, readBytes } from './content-facts';
import { needsOf, precheckOf, type Recognised, runCheck } from './run-check';
import type { VerifyContext } from './verify-options';

export interface CheckedSignature {
  file: string;
  sig: ParsedSignature;
  check: FormatCheck;
}

export type Content = { bytes: Uint8Array } | { artifact: OpenArtifact };

/**
 * Checks every signature over one content with one read of it, which also yields `digests` (list
 * entries, the SHA-256 shown). Rules that need only a signature run first; a signature the policy
 * refuses, or a whole-message one over content past the policy's size limit, leaves it unread.
 */
export async function checkAll(
  signatures: readonly (Recognised & { file: string })[],
  content: Content,
  ctx: VerifyContext,
  what: string,
  digests: readonly DigestAlgorithm[] = [],
  fileName?: string,
): Promise<{ checked: CheckedSignature[]; read: ContentResult }> {
  const size = 'bytes' in content ? content.bytes.length : content.artifact.size;
  const answers: (FormatCheck | undefined)[] = signatures.map((s) => precheckOf(s, ctx));
  const needSets = signatures.map((s, i) => {
    if (answers[i]) return [];
    const needs = needsOf(s, ctx);
    if (coversWholeMessage(needs) && size > ctx.policy.wholeMessageLimit) {
      answers[i] = {
        outcome: 'refused',
        rule: 'too-large',
        algorithm: '',
        reason: `This kind of signature covers the whole file at once, and files over ${gib(ctx.policy.wholeMessageLimit)} are too large to check that way.`,
      };
      return [];
    }
    return needs;
  });
  const { plan, split } = planFor(needSets, digests);
  const read =
    'bytes' in content ? readBytes(content.bytes, plan) : await readArtifact(content.artifact, plan, ctx);
  const facts: ContentFacts[] = split(read);
  const checked: CheckedSignature[] = [];
  for (const [i, s] of signatures.entries()) {
    const check = answers[i] ?? (await runCheck(s, facts[i]!, ctx, what, fileName));
    checked.push({ file: s.file, sig: s.sig, check });
  }
  return { checked, read };
}

const gib = (bytes: number) =>
  bytes >= 1 << 30
    ? `${Math.round((bytes / (1 << 30)) * 10) / 10} GiB`
    : `${Math.round(bytes / (1 << 20))} MiB`;
