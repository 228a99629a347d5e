import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { notRegularFileError, OPEN_REGULAR_ONLY } from './confined-path';
import { assertUnchanged, fileChangedError, snapshotOf } from './file-snapshot';
import type { ChunkVisitor } from './read-file-chunks';

/**
 * The blocking twin of readFileChunks, for pool workers that hash many small files: there a
 * thread-pool round trip per open/stat/read/close costs as much as hashing 200 KiB.
 * Never call it on the main process's thread.
 */
export function readFileChunksSync(
  path: string,
  visit: ChunkVisitor,
  scratch: Buffer,
  options: { regularOnly?: boolean } = {},
): number {
  const fd = openSync(path, options.regularOnly ? OPEN_REGULAR_ONLY : 'r');
  try {
    const stats = fstatSync(fd);
    if (options.regularOnly && !stats.isFile()) throw notRegularFileError(path);
    const before = snapshotOf(stats);
    let bytesRead = 0;
    if (before.sized) {
      while (bytesRead < before.size) {
        const wanted = Math.min(scratch.length, before.size - bytesRead);
        const bytes = readSync(fd, scratch, 0, wanted, bytesRead);
        if (bytes !== wanted) throw fileChangedError(path);
        visit(scratch.subarray(0, bytes), before.size);
        bytesRead += bytes;
      }
    } else {
      for (;;) {
        const bytes = readSync(fd, scratch, 0, scratch.length, null);
        if (bytes === 0) break;
        visit(scratch.subarray(0, bytes), 0);
        bytesRead += bytes;
      }
    }
    assertUnchanged(path, before, snapshotOf(fstatSync(fd)), bytesRead);
    return bytesRead;
  } finally {
    closeSync(fd);
  }
}
