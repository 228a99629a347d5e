import { closeSync, fstatSync, openSync } from 'node:fs';
import { basename } from 'node:path';
import { notRegularFileError, OPEN_REGULAR_ONLY } from './confined-path';
import { ContentHasher, type ContentPlan, type ContentResult } from './content-plan';
import { type FileSnapshot, snapshotOf } from './file-snapshot';
import { samePlan } from './known-content';
import { readOpenFileChunks } from './read-file-chunks';
import { abandonSharedRing, followSharedRing, leadSharedRing, type SharedRing } from './shared-ring';

export interface EarlyAnswer {
  result: ContentResult;
  /** The descriptor read (the reader's), still open: the caller compares it with its own; it closes as this worker exits. */
  fd?: number;
  before?: FileSnapshot;
}

/**
 * The hash worker's side of the early read (core/hashing/early-content.ts), or the CLI's own thread
 * when that hashes (startEarlyPassHere, cancelled through `signal`): opens the file itself
 * and runs the guessed plan over it at once (running hashes, passesPlan, or ranged hashes), with
 * reads overlapped as in readContent, or as one of two workers sharing one read (shared-ring.ts).
 */
export class EarlyPass {
  private readonly read: Promise<{ hasher: ContentHasher; fd?: number; before?: FileSnapshot }>;

  private readonly guess: ContentPlan;

  constructor(
    path: string,
    plan: ContentPlan,
    shared?: SharedRing & { role: 'lead' | 'follow' },
    signal?: AbortSignal,
  ) {
    this.guess = plan;
    const hasher = new ContentHasher(plan);
    if (shared?.role === 'follow') {
      this.read = (async () => {
        followSharedRing(shared, plan, { hasher });
        return { hasher };
      })();
    } else {
      this.read = (async () => {
        let fd: number;
        try {
          fd = openSync(path, OPEN_REGULAR_ONLY);
        } catch (error) {
          if (shared) abandonSharedRing(shared);
          throw error;
        }
        try {
          const stats = fstatSync(fd);
          if (!stats.isFile()) {
            if (shared) abandonSharedRing(shared);
            throw notRegularFileError(basename(path));
          }
          if (shared) leadSharedRing(shared, fd, basename(path), plan, undefined, hasher);
          else
            await readOpenFileChunks(
              fd,
              basename(path),
              (chunk) => hasher.update(chunk),
              signal ? { signal } : {},
            );
          return { hasher, fd, before: snapshotOf(stats) };
        } catch (error) {
          closeSync(fd);
          throw error;
        }
      })();
    }
    // Failures are told when the answer is asked for; until then they must not count as unhandled.
    this.read.catch(() => {});
  }

  /**
   * The plan's answers once the read is done: the guessed plan itself, or another that its running
   * hashes cover; undefined (descriptor closed) otherwise.
   */
  async answer(plan: ContentPlan): Promise<EarlyAnswer | undefined> {
    const { hasher, fd, before } = await this.read;
    const result = samePlan(this.guess, plan) ? hasher.finish() : hasher.answerFor(plan);
    if (!result) {
      if (fd !== undefined) closeSync(fd);
      return undefined;
    }
    return { result, ...(fd !== undefined && before ? { fd, before } : {}) };
  }

  /**
   * For a pass on the CLI's own thread, where no exiting worker closes the descriptor: closes it
   * once the read has settled (every read done), if the read went well.
   */
  release(): void {
    this.read.then(
      ({ fd }) => {
        if (fd !== undefined) closeSync(fd);
      },
      () => {},
    );
  }
}
