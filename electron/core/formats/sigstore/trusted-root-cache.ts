import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../fs/atomic-write';
import { TRUSTED_ROOT_MAX_BYTES } from '../../limits';
import { type LoadedTrustedRoot, trustedRootFromJson } from './trusted-root';

/**
 * The config folder's copy of the last trusted root Sigstore's update service vouched for, and when
 * the service was last asked. TUF's own signed metadata sits beside it (tuf/), kept by the library.
 */
const ROOT_FILE = 'trusted_root.json';
const STATE_FILE = 'refresh.json';

export interface RefreshState {
  /** The last time the update service was asked, whatever came of it. */
  lastAttemptAt?: Date;
  /** The last time it vouched for a root. */
  lastUpdateAt?: Date;
}

interface CachedRootFile {
  mirrorUrl: string;
  updatedAt: string;
  trustedRoot: unknown;
}

/**
 * The cached root for this mirror, or undefined when there is none or it cannot be read: a damaged
 * cache is as good as none, never a failed check (the built-in root stands in).
 */
export async function readCachedRoot(dir: string, mirrorUrl: string): Promise<LoadedTrustedRoot | undefined> {
  const file = await readJson(join(dir, ROOT_FILE));
  if (!isCachedRootFile(file) || file.mirrorUrl !== mirrorUrl) return undefined;
  const updatedAt = new Date(file.updatedAt);
  if (Number.isNaN(updatedAt.getTime())) return undefined;
  try {
    const root = trustedRootFromJson(file.trustedRoot, updatedSource(updatedAt), 'updated');
    return { ...root, updatedAt };
  } catch {
    return undefined;
  }
}

export async function writeCachedRoot(
  dir: string,
  mirrorUrl: string,
  trustedRoot: unknown,
  updatedAt: Date,
): Promise<void> {
  const file: CachedRootFile = { mirrorUrl, updatedAt: updatedAt.toISOString(), trustedRoot };
  await mkdir(dir, { recursive: true });
  await writeFileAtomic(join(dir, ROOT_FILE), JSON.stringify(file), { overwrite: true });
}

export async function readRefreshState(dir: string): Promise<RefreshState> {
  const file = (await readJson(join(dir, STATE_FILE))) as Record<string, unknown> | undefined;
  const state: RefreshState = {};
  const attempt = dateOf(file?.lastAttemptAt);
  const update = dateOf(file?.lastUpdateAt);
  if (attempt) state.lastAttemptAt = attempt;
  if (update) state.lastUpdateAt = update;
  return state;
}

export async function writeRefreshState(dir: string, state: RefreshState): Promise<void> {
  await mkdir(dir, { recursive: true });
  const file = {
    ...(state.lastAttemptAt ? { lastAttemptAt: state.lastAttemptAt.toISOString() } : {}),
    ...(state.lastUpdateAt ? { lastUpdateAt: state.lastUpdateAt.toISOString() } : {}),
  };
  await writeFileAtomic(join(dir, STATE_FILE), JSON.stringify(file), { overwrite: true });
}

export function updatedSource(at: Date): string {
  return `the Sigstore public-good root, updated through TUF on ${at.toISOString().slice(0, 10)}`;
}

async function readJson(path: string): Promise<unknown> {
  try {
    const bytes = await readFile(path);
    if (bytes.length > TRUSTED_ROOT_MAX_BYTES) return undefined;
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function isCachedRootFile(value: unknown): value is CachedRootFile {
  const file = value as Partial<CachedRootFile> | null | undefined;
  return typeof file?.mirrorUrl === 'string' && typeof file.updatedAt === 'string' && 'trustedRoot' in file;
}

function dateOf(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
