import { plainMessage } from '../errors';
import type {
  ContentFacts,
  ContentNeed,
  FormatCheck,
  FormatModule,
  ParsedSignature,
} from '../formats/format-module';
import type { TrustEntry } from '../trust/trust-entry';
import { underUnreadablePolicy } from './policy-unreadable';
import type { VerifyContext } from './verify-options';

// biome-ignore lint/suspicious/noExplicitAny: a module of any kind, as the registry holds them
export type AnyModule = FormatModule<any, any>;

/**
 * Only the entries a module accepts. Here rather than beside the entries' schemas, whose module
 * builds them with zod as it loads: a check of a file reads its trust list without zod when it can.
 */
function entriesFor(trust: readonly TrustEntry[], accepts: readonly string[]): TrustEntry[] {
  return trust.filter((entry) => accepts.includes(entry.kind));
}

/** A signature read from a file, with the module that reads it. */
export interface Recognised {
  module: AnyModule;
  sig: ParsedSignature;
}

/** What the module needs read from the content, now that the trust is known. */
export function needsOf({ module, sig }: Recognised, ctx: VerifyContext): readonly ContentNeed[] {
  const trust = entriesFor(ctx.trust, module.accepts);
  return module.needsWith ? module.needsWith(sig, trust) : sig.needs;
}

/** Rules that need only the signature; a refusal means the content is never read. */
export function precheckOf({ module, sig }: Recognised, ctx: VerifyContext): FormatCheck | undefined {
  const answer = module.precheck?.(sig, ctx.policy);
  if (!answer || answer.ok) return undefined;
  return { outcome: 'refused', rule: answer.rule, reason: answer.reason, algorithm: '' };
}

/**
 * The module's check with only the trust entries it accepts (a minisign key never reaches the SSH
 * module). Never throws: a module that does anyway gives a malformed answer, never a verified one.
 */
export async function runCheck(
  { module, sig }: Recognised,
  facts: ContentFacts,
  ctx: VerifyContext,
  what: string,
  fileName?: string,
): Promise<FormatCheck> {
  try {
    const check = await module.check(sig, facts, {
      trust: entriesFor(ctx.trust, module.accepts),
      material: ctx.material,
      onlyListedSigners: ctx.onlyListedSigners,
      policy: ctx.policy,
      what,
      ...(fileName !== undefined ? { fileName } : {}),
      purpose: ctx.namespace,
      trustSource: ctx.trustSource,
    });
    return ctx.policyUnreadable === undefined ? check : underUnreadablePolicy(check);
  } catch (error) {
    return { outcome: 'refused', reason: plainMessage(error), algorithm: '' };
  }
}
