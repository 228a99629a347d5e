import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { type FileHandle, link, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { SignetError } from '../errors';

export interface AtomicWriteOptions {
  /** File mode; secrets use 0o600. */
  mode?: number;
  /** Replace an existing file. Without it an existing file is an 'exists' error and stays untouched. */
  overwrite?: boolean;
  /** The temp file is opened for reading too (signing reads its copy back as it writes it). */
  readable?: boolean;
}

/**
 * Writes temp file -> fsync -> rename (or link when not overwriting, so a file that appears
 * meanwhile is never clobbered) -> fsync of the folder. A crash leaves the old file or the new one,
 * never half of either.
 */
export function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  return writeAtomically(path, (handle) => handle.writeFile(data), options);
}

/**
 * As writeFileAtomic, for content too large to hold: `write` fills the open temp file (a signed
 * installer copied stream by stream). Whatever `write` throws leaves no file behind.
 */
export async function writeAtomically(
  path: string,
  write: (handle: FileHandle) => Promise<void>,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const mode = options.mode ?? 0o644;
  const access = options.readable ? constants.O_RDWR : constants.O_WRONLY;
  const handle = await open(temp, access | constants.O_CREAT | constants.O_EXCL, mode);
  try {
    try {
      await write(handle);
      await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.overwrite) {
      await rename(temp, path);
    } else {
      try {
        await link(temp, path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
          throw new SignetError('exists', `${path} already exists; nothing was overwritten.`);
        }
        throw error;
      }
      await unlink(temp);
    }
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw error;
  }
  await syncDirectory(dir);
}

async function syncDirectory(dir: string): Promise<void> {
  // Windows cannot open folders for fsync; the rename is still atomic there.
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
