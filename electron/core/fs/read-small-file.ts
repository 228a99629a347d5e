import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { FormatError } from '../errors';
import { readAtMost } from './read-at-most';

/**
 * Reads a signature, key or list file with a size cap. It must be a regular file: a FIFO or device
 * would block or never end, and a folder is a mistake.
 */
export async function readSmallFile(path: string, maxBytes: number, what: string): Promise<Buffer> {
  const target = await stat(path);
  if (!target.isFile()) throw new FormatError(`${what} ${basename(path)} is not a regular file.`);
  if (target.size > maxBytes) {
    throw new FormatError(
      `${what} ${basename(path)} is too large (${target.size} bytes) to be what it claims.`,
    );
  }
  const handle = await open(path, 'r');
  try {
    const bytes = await readAtMost(handle, maxBytes, target.size);
    if (!bytes) throw new FormatError(`${what} ${basename(path)} is too large to be what it claims.`);
    return bytes;
  } finally {
    await handle.close();
  }
}
