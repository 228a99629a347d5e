import type { ContentPlan, ContentResult } from './content-plan';
import type { FileSnapshot } from './file-snapshot';

/**
 * Hashes of a file made by the code that just wrote it, read back from the file itself (signing
 * reads its copy back as it writes it), with the file's state once complete. A check of that file
 * uses them instead of reading it again only when it is still exactly that file (same identity,
 * size, modification and change time: any write since moves the change time) and asks for exactly
 * those hashes; anything else reads the file as usual.
 */
export interface KnownContent {
  snapshot: FileSnapshot;
  plan: ContentPlan;
  result: ContentResult;
}

/** The known result when `known` answers `plan` for the file as `snapshot` describes it now. */
export function knownResultFor(
  known: KnownContent | undefined,
  snapshot: FileSnapshot,
  plan: ContentPlan,
): ContentResult | undefined {
  if (!known || known.result.size !== snapshot.size) return undefined;
  return sameFileState(known.snapshot, snapshot) && samePlan(known.plan, plan) ? known.result : undefined;
}

/** The same file, unchanged: identity, size, modification and change time (any write moves it). */
export function sameFileState(a: FileSnapshot, b: FileSnapshot): boolean {
  return (
    a.sized &&
    b.sized &&
    a.size === b.size &&
    a.mtimeMs === b.mtimeMs &&
    a.ctimeMs === b.ctimeMs &&
    a.ino === b.ino &&
    a.dev === b.dev
  );
}

/** Whether two plans ask for the same hashes of the same bytes. */
export function samePlan(a: ContentPlan, b: ContentPlan): boolean {
  return planKey(a) === planKey(b);
}

/** A plan as text that is equal for plans asking for the same hashes of the same bytes. */
function planKey(plan: ContentPlan): string {
  return JSON.stringify({
    digests: [...new Set(plan.digests)].sort(),
    prefixed: plan.prefixed.map((p) => [p.algorithm, Buffer.from(p.prefix).toString('hex')]),
    suffixed: plan.suffixed.map((s) => [
      s.algorithm,
      Buffer.from(s.suffix).toString('hex'),
      s.prefix ? Buffer.from(s.prefix).toString('hex') : '',
      s.canonicalText === true,
    ]),
    ranged: plan.ranged.map((r) => [r.algorithm, normalRanges(r.ranges)]),
    scattered: (plan.scattered ?? []).map((r) => [
      r.algorithm,
      r.prefix ? Buffer.from(r.prefix).toString('hex') : '',
      r.ranges.map(([a, b]) => [a, b]),
    ]),
    wholeMessage: plan.wholeMessage,
  });
}

/** Ascending ranges without empty ones, touching ones joined: the same bytes in the same order. */
function normalRanges(ranges: readonly (readonly [number, number])[]): [number, number][] {
  const out: [number, number][] = [];
  for (const [from, to] of ranges) {
    if (from >= to) continue;
    const last = out[out.length - 1];
    if (last && last[1] === from) last[1] = to;
    else out.push([from, to]);
  }
  return out;
}
