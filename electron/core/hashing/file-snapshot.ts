import type { Stats } from 'node:fs';
import { SignetError } from '../errors';

/** What we remember of a file before reading it, to notice it changing under us. */
export interface FileSnapshot {
  /**
   * Whether the size from stat is the real length. Pipes, devices and /proc files (regular, yet
   * size 0) are read to their end instead, and cannot be checked for changes.
   */
  sized: boolean;
  size: number;
  mtimeMs: number;
  /**
   * The change time: any write moves it, and unlike the modification time no ordinary call can
   * set it back, so a writer that restores the mtime after rewriting in place is still seen.
   */
  ctimeMs: number;
  ino: number;
  dev: number;
  /** Links to the file: a rename over its path or a delete moves the change time without a write. */
  nlink: number;
}

export function snapshotOf(stats: Stats): FileSnapshot {
  return {
    sized: stats.isFile() && stats.size > 0,
    size: stats.size,
    mtimeMs: stats.mtimeMs,
    ctimeMs: stats.ctimeMs,
    ino: stats.ino,
    dev: stats.dev,
    nlink: stats.nlink,
  };
}

/**
 * Whether two snapshots describe the same, unchanged file. A change time that moved while the link
 * count changed too is the file being renamed away or deleted while open (its bytes, which we keep
 * reading, are the same); any other move of it is a write.
 */
export function sameSnapshot(a: FileSnapshot, b: FileSnapshot): boolean {
  return (
    a.size === b.size &&
    a.mtimeMs === b.mtimeMs &&
    (a.ctimeMs === b.ctimeMs || a.nlink !== b.nlink) &&
    a.ino === b.ino &&
    a.dev === b.dev
  );
}

/**
 * A digest of a file that was being written while we read it matches neither the old nor the new
 * content, and would surface later as a misleading "bad signature". Say what happened instead.
 */
export function assertUnchanged(path: string, before: FileSnapshot, after: FileSnapshot, bytesRead: number) {
  if (!before.sized) return;
  if (bytesRead !== before.size || !sameSnapshot(before, after)) throw fileChangedError(path);
}

export function fileChangedError(path: string): SignetError {
  return new SignetError(
    'io',
    `The file changed while it was being checked (${path}). Try again once it is no longer being written.`,
  );
}
