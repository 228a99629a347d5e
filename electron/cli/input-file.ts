import type { Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { printable } from '../../shared/printable';
import { plainMessage } from '../core/errors';
import { readAtMost } from '../core/fs/read-at-most';
import { OPEN_REGULAR_ONLY } from '../core/hashing/confined-path';
import { CliExit } from './cli-error';

/*
 * Files named on the command line must be regular files. A FIFO would block the read forever, a
 * device such as /dev/zero never ends, and a folder is a mistake: each ends the CLI at once with
 * exit 2 and a sentence, before anything is read or written.
 */

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a pipe (FIFO)';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'something other than a file';
}

const notRegularSentence = (stats: Stats) =>
  `It is ${kindOf(stats)}, not a regular file, so Signet did not read it.`;

function notRegular(path: string, what: string, stats: Stats): CliExit {
  return new CliExit(2, `The ${what} ${printable(path)}: ${notRegularSentence(stats)}`);
}

function cannotRead(what: string, error: unknown): CliExit {
  return new CliExit(2, `Cannot read the ${what}: ${plainMessage(error)}`);
}

/** Why `path` cannot be read as a regular file, in one sentence; undefined when it can. Links are followed. */
export async function regularFileProblem(path: string): Promise<string | undefined> {
  try {
    const stats = await stat(path);
    return stats.isFile() ? undefined : notRegularSentence(stats);
  } catch (error) {
    return plainMessage(error);
  }
}

/** Checks a file that the core will open itself (a file to sign); exits 2 when it is not a regular file. */
export async function requireRegularFile(path: string, what: string): Promise<void> {
  const problem = await regularFileProblem(path);
  if (problem !== undefined) throw new CliExit(2, `The ${what} ${printable(path)}: ${problem}`);
}

/**
 * Reads a small input (key, allowed signers, passphrase) of at most `maxBytes`. It is opened
 * without blocking and checked on the open descriptor, so a FIFO swapped in after a check still
 * cannot hang the read. Returns the bytes and the file's stats (for its permissions).
 */
export async function readInputFile(
  path: string,
  what: string,
  maxBytes: number,
): Promise<{ bytes: Buffer; stats: Stats }> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, OPEN_REGULAR_ONLY);
  } catch (error) {
    throw cannotRead(what, error);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw notRegular(path, what, stats);
    if (stats.size > maxBytes) throw tooLarge(path, what);
    const bytes = await readAtMost(handle, maxBytes, stats.size);
    if (!bytes) throw tooLarge(path, what);
    return { bytes, stats };
  } catch (error) {
    throw error instanceof CliExit ? error : cannotRead(what, error);
  } finally {
    await handle.close();
  }
}

function tooLarge(path: string, what: string): CliExit {
  return new CliExit(2, `The ${what} ${printable(path)} is too large to be one.`);
}
