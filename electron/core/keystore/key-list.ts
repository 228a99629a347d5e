import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathExists } from '../fs/path-exists';
import { type KeyInfo, parseKeyMetadata } from './key-info';

/** A key record is a few hundred bytes; anything far larger is not one. */
const MAX_METADATA_BYTES = 64 * 1024;

/**
 * The keys in a keystore folder, from their records alone: what the keystore lists and what a
 * check needs to know the person's own keys, without loading any secret-key code. A record whose
 * key file is gone, or that is damaged or names another id, is not a key.
 */
export async function listKeys(dir: string): Promise<KeyInfo[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const infos: KeyInfo[] = [];
  for (const name of names.sort()) {
    const id = /^([0-9A-F]{16})\.json$/.exec(name)?.[1];
    if (!id) continue;
    const info = await readKeyRecord(dir, id);
    if (info && (await pathExists(join(dir, `${id}.key`)))) infos.push(info);
  }
  // ISO times order as plain strings; localeCompare's first call loads ICU's collator (~7 ms of a
  // check in the terminal), so it is left to names made at the same instant.
  return infos.sort((a, b) =>
    a.createdAt !== b.createdAt ? (a.createdAt < b.createdAt ? -1 : 1) : a.name.localeCompare(b.name),
  );
}

/** One key's record, or undefined when it is missing, too large, damaged or for another id. */
export async function readKeyRecord(dir: string, id: string): Promise<KeyInfo | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(join(dir, `${id}.json`));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (bytes.length > MAX_METADATA_BYTES) return undefined;
  const info = await parseKeyMetadata(bytes.toString('utf8'));
  return info?.id === id ? info : undefined;
}
