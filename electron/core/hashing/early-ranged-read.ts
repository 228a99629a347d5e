import { closeSync, fstatSync, openSync } from 'node:fs';
import { basename } from 'node:path';
import type { ContentNeed } from '../formats/format-module';
import { OPEN_REGULAR_ONLY } from './confined-path';
import { type ContentPlan, type ContentResult, emptyPlan } from './content-plan';
import { type FileSnapshot, snapshotOf } from './file-snapshot';
import { sameFileState, samePlan } from './known-content';
import { readContentInWorker } from './read-content-in-worker';

interface EarlyRead {
  snapshot: FileSnapshot;
  plan: ContentPlan;
  /** The result, with the file's state once read; rejects when the read failed. */
  done: Promise<{ result: ContentResult; after: FileSnapshot }>;
}

let early: EarlyRead | undefined;

/**
 * Starts the one read of a file a check is about to ask for, before the check has parsed the
 * signature that says what to hash (`needs`, guessed by the file's format from its first bytes):
 * on a worker, from a descriptor of its own. Only ranged hashes are guessed; anything else, or a
 * file that cannot be opened, starts nothing.
 */
export function startEarlyRead(path: string, needs: readonly ContentNeed[]): void {
  if (needs.length === 0 || needs.some((need) => need.kind !== 'ranged-hash')) return;
  const plan: ContentPlan = {
    ...emptyPlan(),
    ranged: needs.flatMap((need) =>
      need.kind === 'ranged-hash'
        ? [{ algorithm: need.algorithm, ranges: need.ranges.map(([a, b]) => [a, b] as const) }]
        : [],
    ),
  };
  let fd: number;
  try {
    fd = openSync(path, OPEN_REGULAR_ONLY);
  } catch {
    return;
  }
  try {
    const snapshot = snapshotOf(fstatSync(fd));
    const done = readContentInWorker(fd, basename(path), plan).then((result) => ({
      result,
      after: snapshotOf(fstatSync(fd)),
    }));
    done.then(
      () => closeSync(fd),
      () => closeSync(fd),
    );
    early = { snapshot, plan, done };
  } catch {
    closeSync(fd);
  }
}

/**
 * What the early read found, when it read the file a check has open (`snapshot`: the same file in
 * the same state, before and after the read) for exactly `plan`; undefined otherwise, and then the
 * check reads the file itself.
 */
export async function earlyResultFor(
  snapshot: FileSnapshot,
  plan: ContentPlan,
): Promise<ContentResult | undefined> {
  const read = early;
  // The state at the start and the plan must match before anything waits for the read.
  if (!read || !sameFileState(read.snapshot, snapshot) || !samePlan(read.plan, plan)) return undefined;
  early = undefined;
  try {
    const { result, after } = await read.done;
    return sameFileState(after, snapshot) && result.size === snapshot.size ? result : undefined;
  } catch {
    return undefined;
  }
}
