import { closeSync, fstatSync, openSync } from 'node:fs';
import { basename } from 'node:path';
import { notRegularFileError, OPEN_REGULAR_ONLY } from './confined-path';
import { ContentHasher, type ContentPlan, type ContentResult, passesPlan } from './content-plan';
import { type FileSnapshot, snapshotOf } from './file-snapshot';
import { readOpenFileChunks } from './read-file-chunks';

export interface EarlyAnswer {
  result: ContentResult;
  /** The descriptor read, still open: the caller compares it with its own and closes it. */
  fd: number;
  before: FileSnapshot;
}

/**
 * The hash worker's side of the CLI's early hash (core/hashing/early-content.ts): opens the file
 * itself and runs the guessed hashes over it at once, with reads overlapped as in readContent.
 */
export class EarlyPass {
  private readonly read: Promise<{ hasher: ContentHasher; fd: number; before: FileSnapshot }>;

  constructor(path: string, passes: readonly string[]) {
    this.read = (async () => {
      const fd = openSync(path, OPEN_REGULAR_ONLY);
      try {
        const stats = fstatSync(fd);
        if (!stats.isFile()) throw notRegularFileError(basename(path));
        const hasher = new ContentHasher(passesPlan(passes));
        await readOpenFileChunks(fd, basename(path), (chunk) => hasher.update(chunk));
        return { hasher, fd, before: snapshotOf(stats) };
      } catch (error) {
        closeSync(fd);
        throw error;
      }
    })();
    // Failures are told when the answer is asked for; until then they must not count as unhandled.
    this.read.catch(() => {});
  }

  /** The plan's answers once the read is done; undefined (descriptor closed) when the hashes do not cover it. */
  async answer(plan: ContentPlan): Promise<EarlyAnswer | undefined> {
    const { hasher, fd, before } = await this.read;
    const result = hasher.answerFor(plan);
    if (!result) {
      closeSync(fd);
      return undefined;
    }
    return { result, fd, before };
  }
}
