import { lstat } from 'node:fs/promises';

/** True when something (even a dangling link) is at `path`; other errors than ENOENT propagate. */
export async function pathExists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
