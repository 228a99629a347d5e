import { chmod, mkdir } from 'node:fs/promises';

/** Creates a folder readable by its owner only (keys, trust list, activity log live in such folders). */
export async function ensurePrivateDir(dir: string): Promise<void> {
  const created = await mkdir(dir, { recursive: true, mode: 0o700 });
  if (created !== undefined && process.platform !== 'win32') await chmod(dir, 0o700);
}
