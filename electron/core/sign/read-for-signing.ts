import { open } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { notRegularFileError, OPEN_REGULAR_ONLY } from '../hashing/confined-path';
import { type ContentPlan, type ContentResult, emptyPlan } from '../hashing/content-plan';
import type { DigestProgress } from '../hashing/digest-algorithms';
import { assertUnchanged, snapshotOf } from '../hashing/file-snapshot';
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
  if (size < OFF_THREAD_MIN_BYTES) return readContent(fd, name, plan, progress);
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
