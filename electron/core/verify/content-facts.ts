import { closeSync, fstatSync, openSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import type { ContentFacts, ContentNeed } from '../formats/format-module';
import { notRegularFileError, OPEN_REGULAR_ONLY } from '../hashing/confined-path';
import { ContentHasher, type ContentPlan, type ContentResult, emptyPlan } from '../hashing/content-plan';
import type { DigestAlgorithm, Digests } from '../hashing/digest-algorithms';
import { earlyContentFor } from '../hashing/early-content';
import { assertUnchanged, type FileSnapshot, snapshotOf } from '../hashing/file-snapshot';
import { knownResultFor } from '../hashing/known-content';
import { OFF_THREAD_MIN_BYTES } from '../hashing/off-thread-threshold';
import { readContent } from '../hashing/read-content';
import { readContentInWorker, readContentSharedInWorkers } from '../hashing/read-content-in-worker';
import { hashScattered, readFromBytes } from '../hashing/scattered-hash';
import { PARALLEL_DIGESTS_MIN_BYTES } from '../limits';
import type { VerifyContext } from './verify-options';

/** Merges the needs of several signatures (and plain digests) into one plan for one read. */
export function planFor(needSets: readonly (readonly ContentNeed[])[], digests: readonly DigestAlgorithm[]) {
  const plan: ContentPlan = emptyPlan();
  plan.digests.push(...digests);
  const slots = needSets.map((needs) => {
    const prefixed: number[] = [];
    const suffixed: number[] = [];
    const ranged: number[] = [];
    const scattered: number[] = [];
    for (const need of needs) {
      if (need.kind === 'digests') plan.digests.push(...need.algorithms);
      else if (need.kind === 'prefixed-hash') prefixed.push(plan.prefixed.push(need) - 1);
      else if (need.kind === 'hash-then-suffix') {
        suffixed.push(
          plan.suffixed.push({
            algorithm: need.algorithm,
            suffix: need.suffix,
            ...(need.prefix ? { prefix: need.prefix } : {}),
            ...(need.canonicalText ? { canonicalText: true } : {}),
          }) - 1,
        );
      } else if (need.kind === 'ranged-hash') {
        ranged.push(
          plan.ranged.push({
            algorithm: need.algorithm,
            ranges: need.ranges.map(([a, b]) => [a, b] as const),
          }) - 1,
        );
      } else if (need.kind === 'scattered-hash') {
        plan.scattered ??= [];
        scattered.push(
          plan.scattered.push({
            algorithm: need.algorithm,
            ranges: need.ranges.map(([a, b]) => [a, b] as const),
            ...(need.prefix ? { prefix: need.prefix } : {}),
          }) - 1,
        );
      } else if (need.kind === 'whole-message') plan.wholeMessage = true;
      // 'pe-image-digest' is not computed here: an embedded module asks for a 'ranged-hash' instead.
    }
    return { prefixed, suffixed, ranged, scattered };
  });
  plan.digests = [...new Set(plan.digests)];
  const split = (result: ContentResult): ContentFacts[] =>
    slots.map((slot) => ({
      size: result.size,
      digests: toDigests(result.digests),
      prefixed: slot.prefixed.map((i) => result.prefixed[i]!),
      suffixed: slot.suffixed.map((i) => result.suffixed[i]!),
      ranged: slot.ranged.map((i) => result.ranged[i]!),
      scattered: slot.scattered.map((i) => result.scattered?.[i] ?? new Uint8Array(0)),
      ...(result.message ? { message: result.message } : {}),
    }));
  return { plan, split };
}

function toDigests(wire: ContentResult['digests']): Digests {
  const digests: Digests = {};
  for (const [algorithm, bytes] of Object.entries(wire) as [DigestAlgorithm, Uint8Array][]) {
    digests[algorithm] = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  return digests;
}

/** Whether a need makes the signature cover the whole message (capped by policy.wholeMessageLimit). */
export const coversWholeMessage = (needs: readonly ContentNeed[]) =>
  needs.some((need) => need.kind === 'prefixed-hash' || need.kind === 'whole-message');

/** Content held in memory (a signify -e message): small by construction (the list cap). */
export function readBytes(bytes: Uint8Array, plan: ContentPlan): ContentResult {
  const hasher = new ContentHasher(plan);
  hasher.update(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const result = hasher.finish();
  if (!plan.scattered?.length) return result;
  return { ...result, scattered: hashScattered(plan.scattered, readFromBytes(bytes), 'the content') };
}

/** An open artifact: every answer of one verification comes from this one descriptor. */
export interface OpenArtifact {
  fd: number;
  path: string;
  size: number;
  /** The file as it was opened: every read of the check must end with it unchanged. */
  snapshot: FileSnapshot;
}

/** Opens without blocking on a FIFO and refuses anything but a regular file, unread. */
export function openArtifact(path: string): OpenArtifact {
  const fd = openSync(path, OPEN_REGULAR_ONLY);
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw notRegularFileError(basename(path));
    return { fd, path, size: stats.size, snapshot: snapshotOf(stats) };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

export function closeArtifact(artifact: OpenArtifact): void {
  closeSync(artifact.fd);
}

/**
 * The one read of the artifact, in a worker when the caller wants its thread kept free (or none:
 * when the code that wrote the file read it back as it wrote it, KnownContent, or when the CLI
 * started this very read before the signature was parsed, early-content.ts). Whatever
 * was read of the file since it was opened (its structure, both halves of a split read) must come
 * from one content: a change of size, change time or identity meanwhile refuses the check.
 */
export async function readArtifact(
  artifact: OpenArtifact,
  plan: ContentPlan,
  ctx: VerifyContext,
): Promise<ContentResult> {
  const result =
    knownResultFor(ctx.knownContent, artifact.snapshot, plan) ??
    (await earlyContentFor(artifact, plan)) ??
    (await readArtifactOnce(artifact, plan, ctx));
  assertUnchanged(
    basename(artifact.path),
    artifact.snapshot,
    snapshotOf(fstatSync(artifact.fd)),
    result.size,
  );
  return result;
}

async function readArtifactOnce(
  artifact: OpenArtifact,
  plan: ContentPlan,
  ctx: VerifyContext,
): Promise<ContentResult> {
  const offThread = ctx.offThread ?? artifact.size >= OFF_THREAD_MIN_BYTES;
  const name = basename(artifact.path);
  if (!offThread) return readContent(artifact.fd, name, plan, ctx.progress);
  const halves =
    artifact.size >= PARALLEL_DIGESTS_MIN_BYTES && availableParallelism() > 1 ? splitPlan(plan) : undefined;
  if (!halves) return readContentInWorker(artifact.fd, name, plan, ctx.progress);
  if (!halves.plans[0].scattered) {
    // One read for both: the lighter plan's worker reads into buffers both workers hash from.
    const [a, b] = await readContentSharedInWorkers(artifact.fd, name, halves.plans, ctx.progress);
    return halves.merge(a, b);
  }
  // An MSI's scattered ranges are read after the pass: each worker reads the same descriptor, the
  // second read served by the page cache.
  const done = [0, 0];
  const { onProgress, signal } = ctx.progress;
  const report = (index: number) => (p: { bytesDone: number; bytesTotal: number }) => {
    done[index] = p.bytesDone;
    onProgress?.({ bytesDone: Math.min(done[0] ?? 0, done[1] ?? 0), bytesTotal: p.bytesTotal });
  };
  const [a, b] = await Promise.all(
    halves.plans.map((half, index) =>
      readContentInWorker(artifact.fd, name, half, {
        onProgress: report(index),
        ...(signal ? { signal } : {}),
      }),
    ),
  );
  return halves.merge(a as ContentResult, b as ContentResult);
}

/** Plain digests dealt between two plans; prefix hashes and the bytes go to the first, suffixed ones to the second. */
function splitPlan(plan: ContentPlan) {
  const first: ContentPlan = {
    ...emptyPlan(),
    prefixed: plan.prefixed,
    ranged: plan.ranged,
    ...(plan.scattered ? { scattered: plan.scattered } : {}),
    wholeMessage: plan.wholeMessage,
  };
  const second: ContentPlan = { ...emptyPlan(), suffixed: plan.suffixed };
  for (const digest of plan.digests) {
    // Ranged hashes (an embedded signature's digest) are a full pass each, like a digest.
    const firstLoad =
      first.digests.length + first.prefixed.length + first.ranged.length + (first.scattered?.length ?? 0);
    const secondLoad = second.digests.length + second.suffixed.length;
    (firstLoad <= secondLoad ? first : second).digests.push(digest);
  }
  const empty = (p: ContentPlan) =>
    p.digests.length +
      p.prefixed.length +
      p.suffixed.length +
      p.ranged.length +
      (p.scattered?.length ?? 0) ===
    0;
  if (empty(first) || empty(second)) return undefined;
  const merge = (a: ContentResult, b: ContentResult): ContentResult => ({
    size: a.size,
    digests: { ...a.digests, ...b.digests },
    prefixed: a.prefixed,
    ranged: a.ranged,
    ...(a.scattered ? { scattered: a.scattered } : {}),
    suffixed: b.suffixed,
    ...(a.message ? { message: a.message } : {}),
  });
  return { plans: [first, second] as const, merge };
}
