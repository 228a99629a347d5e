import { lstat } from 'node:fs/promises';

/** The first path that exists (as anything: a broken link or folder still "exists" and is reported by the reader). */
export async function firstExisting(paths: readonly string[]): Promise<string | undefined> {
  for (const path of paths) {
    try {
      await lstat(path);
      return path;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return path;
    }
  }
  return undefined;
}
