import { createHash } from 'node:crypto';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { sha256sumLine } from '../checksums/sha256sum-line';
import { SignetError } from '../errors';
import type { MinisignSecretKey } from '../formats/minisign/secret-key';
import { writeFileAtomic } from '../fs/atomic-write';
import { pathExists } from '../fs/path-exists';
import { digestFile } from '../hashing/digest-file';
import type { DigestFn } from '../hashing/digest-fn';
import { checkTrustedComment, defaultTrustedComment, minisignSignatureText } from './sign-file';

export interface WriteChecksumListOptions {
  /** Where SHA256SUMS goes; names in it are relative to its folder. */
  listPath: string;
  /** Replace an existing list and its signature. */
  overwrite?: boolean;
  trustedComment?: string;
  signal?: AbortSignal;
  /** How files are hashed (default in-process); the app passes its worker-backed hasher. */
  digest?: DigestFn;
  onProgress?: (progress: { filesDone: number; filesTotal: number }) => void;
}

/**
 * Writes a GNU-style SHA256SUMS ("<hex>  <name>") for files inside the list's folder and signs it
 * like any other file (`<list>.minisig`). Neither file replaces an existing one unless asked.
 */
export async function writeSignedChecksumList(
  files: string[],
  key: MinisignSecretKey,
  options: WriteChecksumListOptions,
): Promise<{ listFile: string; signatureFile: string }> {
  const listFile = resolve(options.listPath);
  const signatureFile = `${listFile}.minisig`;
  const listDir = dirname(listFile);
  if (options.trustedComment !== undefined) checkTrustedComment(options.trustedComment);
  const entries = listedNames(files, listFile, listDir);
  if (entries.length === 0) throw new SignetError('usage', 'Choose at least one file to list.');
  if (!options.overwrite) {
    for (const path of [listFile, signatureFile]) {
      if (await pathExists(path))
        throw new SignetError('exists', `${path} already exists; nothing was overwritten.`);
    }
  }
  const lines: string[] = [];
  for (const [index, entry] of entries.entries()) {
    if (options.signal?.aborted) throw new SignetError('cancelled', 'Cancelled.');
    const { sha256 } = await (options.digest ?? digestFile)(entry.path, ['sha256'], {
      signal: options.signal,
    });
    lines.push(sha256sumLine(sha256!.toString('hex'), entry.name));
    options.onProgress?.({ filesDone: index + 1, filesTotal: entries.length });
  }
  const text = `${lines.join('\n')}\n`;
  // Sign in memory first so the list and its signature are written back to back.
  const signature = minisignSignatureText(
    createHash('blake2b512').update(text, 'utf8').digest(),
    key,
    options.trustedComment ?? defaultTrustedComment(listFile),
  );
  if (options.signal?.aborted) throw new SignetError('cancelled', 'Cancelled.');
  const overwrite = options.overwrite === true;
  await writeFileAtomic(listFile, text, { mode: 0o644, overwrite });
  await writeFileAtomic(signatureFile, signature, { mode: 0o644, overwrite });
  return { listFile, signatureFile };
}

function listedNames(files: string[], listFile: string, listDir: string): { path: string; name: string }[] {
  const seen = new Set<string>();
  const entries: { path: string; name: string }[] = [];
  for (const file of files) {
    const path = resolve(file);
    if (seen.has(path)) continue;
    seen.add(path);
    if (path === listFile || path === `${listFile}.minisig`) {
      throw new SignetError('usage', 'The checksum list cannot list itself or its own signature.');
    }
    const rel = relative(listDir, path);
    if (rel === '' || isAbsolute(rel) || rel === '..' || rel.startsWith(`..${sep}`)) {
      throw new SignetError(
        'usage',
        `${path} is not inside ${listDir}; a checksum list can only name files in its own folder or below.`,
      );
    }
    entries.push({ path, name: rel.split(sep).join('/') });
  }
  return entries;
}
