import { fstatSync, readSync } from 'node:fs';
import { ContentHasher, type ContentPlan, type ContentResult, needsPass } from './content-plan';
import type { DigestProgress } from './digest-algorithms';
import { assertUnchanged, fileChangedError, snapshotOf } from './file-snapshot';
import { CHUNK_SIZE, readOpenFileChunks } from './read-file-chunks';
import { withScattered } from './scattered-hash';

/**
 * One pass over an already open regular file: every hash of the plan from the same bytes of the
 * same file, whatever happens to its path meanwhile (scattered hashes then read their ranges). Blocking reads: for small files, where a
 * thread-pool round trip per read costs more than the overlap saves.
 */
export function readContentSync(
  fd: number,
  name: string,
  plan: ContentPlan,
  onProgress?: (progress: DigestProgress) => void,
): ContentResult {
  const before = snapshotOf(fstatSync(fd));
  const hasher = new ContentHasher(plan);
  if (!needsPass(plan)) return scatteredOnly(fd, name, plan, hasher, before.size, onProgress);
  const scratch = Buffer.allocUnsafeSlow(Math.max(1, Math.min(CHUNK_SIZE, before.size)));
  let done = 0;
  while (done < before.size) {
    const wanted = Math.min(scratch.length, before.size - done);
    const bytes = readSync(fd, scratch, 0, wanted, done);
    if (bytes !== wanted) throw fileChangedError(name);
    hasher.update(scratch.subarray(0, bytes));
    done += bytes;
    onProgress?.({ bytesDone: done, bytesTotal: before.size });
  }
  assertUnchanged(name, before, snapshotOf(fstatSync(fd)), done);
  return withScattered(hasher.finish(), plan, fd, name);
}

/**
 * The same pass with reads overlapped with hashing (a few reads in flight on libuv's pool while
 * this thread hashes): for the hash worker and for the CLI's own thread. Cancellable between chunks.
 */
export async function readContent(
  fd: number,
  name: string,
  plan: ContentPlan,
  options: { onProgress?: (progress: DigestProgress) => void; signal?: AbortSignal } = {},
): Promise<ContentResult> {
  const hasher = new ContentHasher(plan);
  if (!needsPass(plan)) {
    return scatteredOnly(fd, name, plan, hasher, fstatSync(fd).size, options.onProgress);
  }
  let done = 0;
  const total = await readOpenFileChunks(
    fd,
    name,
    (chunk, sizeAtOpen) => {
      hasher.update(chunk);
      done += chunk.length;
      options.onProgress?.({ bytesDone: done, bytesTotal: sizeAtOpen });
    },
    options.signal ? { signal: options.signal } : {},
  );
  if (total === 0) options.onProgress?.({ bytesDone: 0, bytesTotal: 0 });
  return withScattered(hasher.finish(), plan, fd, name);
}

/** Only the plan's ranges read: a whole pass first would read every byte for no hash. */
function scatteredOnly(
  fd: number,
  name: string,
  plan: ContentPlan,
  hasher: ContentHasher,
  size: number,
  onProgress: ((progress: DigestProgress) => void) | undefined,
): ContentResult {
  const result = withScattered({ ...hasher.finish(), size }, plan, fd, name);
  onProgress?.({ bytesDone: size, bytesTotal: size });
  return result;
}
