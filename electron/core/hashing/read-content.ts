import { fstat, fstatSync, read, readSync, type Stats } from 'node:fs';
import { SignetError } from '../errors';
import { ContentHasher, type ContentPlan, type ContentResult } from './content-plan';
import type { DigestProgress } from './digest-algorithms';
import { assertUnchanged, fileChangedError, snapshotOf } from './file-snapshot';
import { CHUNK_SIZE, throwIfAborted } from './read-file-chunks';

/**
 * One pass over an already open regular file: every hash of the plan from the same bytes of the
 * same file, whatever happens to its path meanwhile. Blocking reads: for the hash worker, where
 * blocking costs nothing, or for small files on the calling thread.
 */
export function readContentSync(
  fd: number,
  name: string,
  plan: ContentPlan,
  onProgress?: (progress: DigestProgress) => void,
): ContentResult {
  const before = snapshotOf(fstatSync(fd));
  const hasher = new ContentHasher(plan);
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
  return hasher.finish();
}

/** The same pass with asynchronous reads, for the CLI's own thread: cancellable between chunks. */
export async function readContent(
  fd: number,
  name: string,
  plan: ContentPlan,
  options: { onProgress?: (progress: DigestProgress) => void; signal?: AbortSignal } = {},
): Promise<ContentResult> {
  const before = snapshotOf(await statFd(fd));
  const hasher = new ContentHasher(plan);
  const scratch = Buffer.allocUnsafeSlow(Math.max(1, Math.min(CHUNK_SIZE, before.size)));
  let done = 0;
  while (done < before.size) {
    throwIfAborted(options.signal);
    const wanted = Math.min(scratch.length, before.size - done);
    const bytes = await readFd(fd, scratch, wanted, done);
    if (bytes !== wanted) throw fileChangedError(name);
    hasher.update(scratch.subarray(0, bytes));
    done += bytes;
    options.onProgress?.({ bytesDone: done, bytesTotal: before.size });
  }
  assertUnchanged(name, before, snapshotOf(await statFd(fd)), done);
  if (done === 0) options.onProgress?.({ bytesDone: 0, bytesTotal: 0 });
  return hasher.finish();
}

function statFd(fd: number): Promise<Stats> {
  return new Promise((resolve, reject) =>
    fstat(fd, (error, stats) => (error ? reject(error) : resolve(stats))),
  );
}

function readFd(fd: number, buffer: Buffer, length: number, position: number): Promise<number> {
  return new Promise((resolve, reject) =>
    read(fd, buffer, 0, length, position, (error, bytes) => (error ? reject(error) : resolve(bytes))),
  );
}

export function cancelledError(): SignetError {
  return new SignetError('cancelled', 'Cancelled.');
}
