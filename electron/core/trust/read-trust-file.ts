import { constants } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import { SignetError } from '../errors';
import type { TrustFile } from './trust-file';
import { quickTrustFile } from './trust-file-quick';

/** Far above any real list (10,000 entries with OpenPGP certificates); a device or a huge file is refused. */
const TRUST_FILE_MAX_BYTES = 64 * 1024 * 1024;

const EMPTY: TrustFile = { version: 2, signers: [] };

export type TrustFileOwner = 'user' | 'managed' | 'policy';

/**
 * Reads a trust list. Only plain absence (nothing at the path, not even a link) reads as an empty
 * list: a link to nothing, a folder, a pipe, a file that cannot be opened, or one that does not
 * fit the format throws a SignetError naming the file, so a list is never silently read as empty
 * (for the organisation's list that would lift its policy). Nothing is rewritten.
 */
export async function readTrustFile(path: string, owner: TrustFileOwner): Promise<TrustFile> {
  const text = await readListText(path, owner);
  if (text === undefined) return EMPTY;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw damaged(path, owner, 'it is not valid JSON');
  }
  const quick = quickTrustFile(json);
  if (quick) return quick;
  // The schemas, loaded only for a list the quick reader is not sure of: they word its problem.
  const { readTrustFileJson } = await import('./trust-file');
  const read = readTrustFileJson(json);
  if ('problem' in read) throw damaged(path, owner, read.problem);
  return read.file;
}

async function readListText(path: string, owner: TrustFileOwner): Promise<string | undefined> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    // Non-blocking, so a pipe put at the path cannot hang the read; anything but a file is refused below.
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if ((code === 'ENOENT' || code === 'ENOTDIR') && (await nothingAt(path))) return undefined;
    if (code === 'ENOENT') throw unreadable(path, owner, 'it is a link to a file that does not exist');
    throw unreadable(path, owner, refusal(error));
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw unreadable(path, owner, 'it is a folder');
    if (!info.isFile()) throw unreadable(path, owner, 'it is not a regular file');
    if (info.size > TRUST_FILE_MAX_BYTES) throw unreadable(path, owner, 'it is far too large');
    return await handle.readFile('utf8');
  } catch (error) {
    if (error instanceof SignetError) throw error;
    throw unreadable(path, owner, refusal(error));
  } finally {
    await handle.close();
  }
}

function refusal(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder';
  if (code === 'ELOOP') return 'it is a link that loops';
  return `the operating system refused (${code ?? 'unknown'})`;
}

async function nothingAt(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return false;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR';
  }
}

const OWNER_NAMES: Record<TrustFileOwner, string> = {
  managed: 'Your organisation’s trust list',
  user: 'Your trust list',
  policy: 'The policy file',
};
const ownerName = (owner: TrustFileOwner) => OWNER_NAMES[owner];

function damaged(path: string, owner: TrustFileOwner, problem: string): SignetError {
  return new SignetError(
    'malformed',
    `${ownerName(owner)} (${path}) is damaged (${problem}); it was left as it is. Fix or remove it.`,
  );
}

function unreadable(path: string, owner: TrustFileOwner, why: string): SignetError {
  return new SignetError('io', `${ownerName(owner)} (${path}) cannot be read: ${why}.`);
}
