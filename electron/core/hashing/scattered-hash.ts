import { createHash } from 'node:crypto';
import { fstatSync, readSync } from 'node:fs';
import type { ContentPlan, ContentResult } from './content-plan';
import { assertUnchanged, fileChangedError, snapshotOf } from './file-snapshot';
import { CHUNK_SIZE } from './read-file-chunks';

type Scattered = NonNullable<ContentPlan['scattered']>;

/**
 * Meets a plan's scattered hashes by reading their ranges from `read` (an open file, or bytes in
 * memory). Hashes over the same ranges share one read of them. A range past the end means the
 * file changed since its structure was read.
 */
export function hashScattered(
  scattered: Scattered,
  read: (buffer: Buffer, length: number, position: number) => number,
  name: string,
): Uint8Array[] {
  const results: Uint8Array[] = new Array(scattered.length);
  const scratch = Buffer.allocUnsafeSlow(CHUNK_SIZE);
  for (const group of sameRanges(scattered)) {
    const hashes = group.map((index) => {
      const { algorithm, prefix } = scattered[index]!;
      const hash = createHash(algorithm);
      if (prefix) hash.update(prefix);
      return hash;
    });
    for (const [start, end] of scattered[group[0]!]!.ranges) {
      for (let at = start; at < end; ) {
        const length = Math.min(scratch.length, end - at);
        const got = read(scratch, length, at);
        if (got !== length) throw fileChangedError(name);
        for (const hash of hashes) hash.update(scratch.subarray(0, got));
        at += got;
      }
    }
    group.forEach((index, i) => {
      results[index] = new Uint8Array(hashes[i]!.digest());
    });
  }
  return results;
}

/** Reads from an open descriptor, whole lengths unless the file ends. */
export function readFromFd(fd: number) {
  return (buffer: Buffer, length: number, position: number): number => {
    let done = 0;
    while (done < length) {
      const got = readSync(fd, buffer, done, length - done, position + done);
      if (got === 0) break;
      done += got;
    }
    return done;
  };
}

/** Reads from bytes in memory. */
export function readFromBytes(bytes: Uint8Array) {
  return (buffer: Buffer, length: number, position: number): number => {
    const part = bytes.subarray(position, position + length);
    buffer.set(part);
    return part.length;
  };
}

/**
 * A finished pass with the plan's scattered hashes added, read from the same descriptor; the file
 * must be the one the pass read, unchanged throughout.
 */
export function withScattered(
  result: ContentResult,
  plan: ContentPlan,
  fd: number,
  name: string,
): ContentResult {
  if (!plan.scattered?.length) return result;
  const before = snapshotOf(fstatSync(fd));
  if (before.size !== result.size) throw fileChangedError(name);
  const scattered = hashScattered(plan.scattered, readFromFd(fd), name);
  assertUnchanged(name, before, snapshotOf(fstatSync(fd)), before.size);
  return { ...result, scattered };
}

/** Indices grouped by identical range lists (the same container hashed with several algorithms). */
function sameRanges(scattered: Scattered): number[][] {
  const groups: number[][] = [];
  scattered.forEach((entry, index) => {
    const group = groups.find((g) => equalRanges(scattered[g[0]!]!.ranges, entry.ranges));
    if (group) group.push(index);
    else groups.push([index]);
  });
  return groups;
}

function equalRanges(a: Scattered[number]['ranges'], b: Scattered[number]['ranges']): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  return a.every(([s, e], i) => s === b[i]![0] && e === b[i]![1]);
}
