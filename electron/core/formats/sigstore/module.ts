import { FormatError } from '../../errors';
import type { CheckContext, FormatCheck, FormatModule } from '../format-module';
import { readSigstoreBundle, type SigstoreBundle } from './bundle-reader';
import { sigstoreFacts } from './descriptor';
import { sigstoreSigning } from './signing';
import type { SigstoreTrustEntry } from './trust-entry';
import { type LoadedTrustedRoot, publicGoodTrustedRoot, trustedRootFromJson } from './trusted-root';
import { type CurrentRoot, currentPublicGoodRoot } from './trusted-root-current';
import { checkSigstoreBundle, managedKeyFrom } from './verify-bundle';

let publicGood: LoadedTrustedRoot | undefined;
const givenRoots = new WeakMap<object, LoadedTrustedRoot>();

/**
 * Sigstore bundles (keyless Fulcio certificates and managed keys) as a FormatModule. The trusted
 * root is the public-good one (kept current through TUF when the material says where, else the
 * built-in one), unless the job's material names another for this run or the organisation pins one.
 */
export const sigstoreModule: FormatModule<SigstoreBundle, SigstoreTrustEntry> = {
  ...sigstoreFacts,
  parse: readSigstoreBundle,
  signing: sigstoreSigning,
  precheck(sig, policy) {
    const decision = policy.hash(sig.digestAlgorithm, 'document');
    return decision.ok ? decision : { ok: false, rule: decision.rule, reason: decision.detail };
  },
  async check(sig, content, ctx): Promise<FormatCheck> {
    const algorithm = `Sigstore bundle v${sig.version}`;
    const artifactDigest = content.digests[sig.digestAlgorithm];
    if (!artifactDigest) {
      return { outcome: 'invalid', algorithm, reason: `${ctx.what} could not be read to check it.` };
    }
    let root: LoadedTrustedRoot;
    let rootProblem: string | undefined;
    try {
      ({ root, problem: rootProblem } = await trustedRootOf(ctx));
    } catch (error) {
      return {
        outcome: 'refused',
        rule: 'refused-algorithm',
        algorithm,
        reason: error instanceof FormatError ? error.message : 'The Sigstore trusted root cannot be read.',
      };
    }
    const given = ctx.material.sigstorePublicKey;
    const managedKey = given ? managedKeyFrom(given.key, given.source) : undefined;
    if (given && !managedKey) {
      return {
        outcome: 'refused',
        rule: 'refused-algorithm',
        algorithm,
        reason: `The key given (${given.source}) is not a public key.`,
      };
    }
    const result = checkSigstoreBundle({
      parsed: sig,
      artifactDigest,
      root,
      trust: ctx.trust,
      managedKey,
      now: ctx.policy.at,
      what: ctx.what,
      ...(ctx.fileName !== undefined ? { fileName: ctx.fileName } : {}),
    });
    if (rootProblem === undefined) return result;
    return {
      ...result,
      details: [...(result.details ?? []), { label: 'Trust root update', value: rootProblem }],
    };
  },
};

async function trustedRootOf(ctx: CheckContext<SigstoreTrustEntry>): Promise<CurrentRoot> {
  const given = ctx.material.sigstoreTrustedRoot;
  if (!given) {
    const update = ctx.material.sigstoreRootUpdate;
    if (update) return currentPublicGoodRoot(update);
    publicGood ??= publicGoodTrustedRoot();
    return { root: publicGood };
  }
  const origin = given.pinned ? 'managed' : 'given';
  const json = given.json;
  if (typeof json === 'object' && json !== null) {
    const cached = givenRoots.get(json);
    if (cached) return { root: cached };
    const loaded = trustedRootFromJson(json, given.source, origin);
    givenRoots.set(json, loaded);
    return { root: loaded };
  }
  return { root: trustedRootFromJson(json, given.source, origin) };
}

/** What the renderer shows for an entry: labels only, built here so no one else branches on kind. */
export function describeSigstoreEntry(entry: SigstoreTrustEntry): { kindLabel: string; keyIdLabel: string } {
  return { kindLabel: 'Sigstore identity', keyIdLabel: `${entry.identity} (via ${entry.issuer})` };
}
