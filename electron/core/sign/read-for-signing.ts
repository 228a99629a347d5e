import { open } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { notRegularFileError, OPEN_REGULAR_ONLY } from '../hashing/confined-path';
import { type ContentPlan, type ContentResult, emptyPlan } from '../hashing/content-plan';
import type { DigestAlgorithm, DigestProgress } from '../hashing/digest-algorithms';
import { assertUnchanged, snapshotOf } from '../hashing/file-snapshot';
import { giveUpSuffix, laterSuffix, provideSuffix } from '../hashing/later-suffix';
import { OFF_THREAD_MIN_BYTES } from '../hashing/off-thread-threshold';
import { readContent } from '../hashing/read-content';
import { readContentInWorker, readContentSharedInWorkers } from '../hashing/read-content-in-worker';
import { PARALLEL_DIGESTS_MIN_BYTES } from '../limits';

export interface SigningRead {
  /** Plain digests (the activity log's SHA-256). */
  digests: ContentPlan['digests'];
  /** H(content ‖ suffix) per signature; an empty suffix is the file's plain digest from the same state. */
  suffixed: { algorithm: 'sha256' | 'sha512'; suffix: Uint8Array }[];
}

/** How a signing job reads a file: readForSigning, or a read started earlier (early-read.ts). */
export type SigningReader = (
  path: string,
  read: SigningRead,
  options: { onProgress?: (progress: DigestProgress) => void; signal?: AbortSignal },
) => Promise<ContentResult>;

/**
 * The one read of a file a styled signing job makes: every signature's H(content ‖ trailer), the
 * plain SHA-512 of a `.sha512` beside it (the same running hash, finished without a trailer) and
 * the log's SHA-256, from the same bytes of the same open file. Large files are read on worker
 * threads, the SHA-256 and the SHA-512 side by side, so the calling thread (the app's main
 * process) never hashes a large file and the job costs about one SHA-512 of it.
 */
export function readForSigning(
  path: string,
  read: SigningRead,
  options: { onProgress?: (progress: DigestProgress) => void; signal?: AbortSignal } = {},
): Promise<ContentResult> {
  return readPlannedFile(
    path,
    { ...emptyPlan(), digests: [...read.digests], suffixed: read.suffixed },
    options,
  );
}

/** A read started before its signatures' suffixes are known (core/hashing/later-suffix.ts). */
export interface StartedSigningRead {
  readonly path: string;
  readonly digests: readonly DigestAlgorithm[];
  /** Each suffixed hash's algorithm, in the order `finish` takes their suffixes. */
  readonly suffixed: readonly ('sha256' | 'sha512')[];
  /** Hands over the suffixes and waits for the digests (the same result readForSigning gives). */
  finish(
    suffixes: readonly Uint8Array[],
    onProgress?: (progress: DigestProgress) => void,
  ): Promise<ContentResult>;
  /** Stops the read: its workers end, its failure is nobody's news. */
  abandon(): void;
}

/**
 * Starts the one read of a large file whose signatures' trailers are not known yet: the workers
 * hash the content, then wait for `finish` to give each trailer. Always on worker threads (the
 * calling thread gives the trailers, so it must not be the one waiting for them).
 */
export function startSigningRead(
  path: string,
  read: { digests: readonly DigestAlgorithm[]; suffixed: readonly ('sha256' | 'sha512')[] },
): StartedSigningRead {
  const laters = read.suffixed.map(() => laterSuffix());
  const stop = new AbortController();
  let relay: ((progress: DigestProgress) => void) | undefined;
  const plan: ContentPlan = {
    ...emptyPlan(),
    digests: [...read.digests],
    suffixed: read.suffixed.map((algorithm, index) => ({
      algorithm,
      suffix: new Uint8Array(0),
      later: laters[index] as SharedArrayBuffer,
    })),
  };
  const result = readPlannedFile(path, plan, {
    signal: stop.signal,
    onProgress: (progress) => relay?.(progress),
  });
  // Read by finish; an abandoned read's failure is not news.
  result.catch(() => {});
  return {
    path,
    digests: read.digests,
    suffixed: read.suffixed,
    finish(suffixes, onProgress) {
      relay = onProgress;
      for (const [index, later] of laters.entries())
        provideSuffix(later, suffixes[index] ?? new Uint8Array(0));
      return result;
    },
    abandon() {
      for (const later of laters) giveUpSuffix(later);
      stop.abort();
    },
  };
}

async function readPlannedFile(
  path: string,
  plan: ContentPlan,
  options: { onProgress?: (progress: DigestProgress) => void; signal?: AbortSignal },
): Promise<ContentResult> {
  const handle = await open(path, OPEN_REGULAR_ONLY);
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw notRegularFileError(path);
    const before = snapshotOf(stats);
    const name = basename(path);
    const result = await readPlanned(handle.fd, name, plan, before.size, options);
    assertUnchanged(name, before, snapshotOf(await handle.stat()), result.size);
    return result;
  } finally {
    await handle.close();
  }
}

async function readPlanned(
  fd: number,
  name: string,
  plan: ContentPlan,
  size: number,
  options: { onProgress?: (progress: DigestProgress) => void; signal?: AbortSignal },
): Promise<ContentResult> {
  const progress = {
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  // A suffix given later is waited for by the thread that hashes: never this one.
  const later = plan.suffixed.some((s) => s.later);
  if (size < OFF_THREAD_MIN_BYTES && !later) return readContent(fd, name, plan, progress);
  const split = size >= PARALLEL_DIGESTS_MIN_BYTES && availableParallelism() > 1;
  if (split && plan.suffixed.length === 0 && plan.digests.length > 1) {
    // Plain digests only (minisign's BLAKE2b-512 and the log's SHA-256): the first, the slowest
    // as formats list them, hashes from the ring; the others read.
    const [follower, leader] = await readContentSharedInWorkers(
      fd,
      name,
      [
        { ...emptyPlan(), digests: plan.digests.slice(0, 1) },
        { ...emptyPlan(), digests: plan.digests.slice(1) },
      ],
      progress,
    );
    return { ...leader, digests: { ...follower.digests, ...leader.digests } };
  }
  if (!split || plan.digests.length === 0 || plan.suffixed.length === 0) {
    return readContentInWorker(fd, name, plan, progress);
  }
  // One read feeds both: the SHA-256 side reads into the shared ring (the lighter hash carries the
  // read), the SHA-512 side hashes the same buffers, so the longer hash never pays for a copy.
  const [suffixed, plain] = await readContentSharedInWorkers(
    fd,
    name,
    [
      { ...emptyPlan(), suffixed: plan.suffixed },
      { ...emptyPlan(), digests: plan.digests },
    ],
    progress,
  );
  return { ...suffixed, digests: plain.digests };
}
