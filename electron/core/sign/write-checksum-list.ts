import { createHash } from 'node:crypto';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { sha256sumLine } from '../checksums/sha256sum-line';
import { SignetError } from '../errors';
import type { FormatId } from '../formats/format-module';
import { signingFormat } from '../formats/signing-formats';
import { writeFileAtomic } from '../fs/atomic-write';
import { pathExists } from '../fs/path-exists';
import type { Digests } from '../hashing/digest-algorithms';
import { digestFile } from '../hashing/digest-file';
import type { DigestFn } from '../hashing/digest-fn';
import { signatureFileFor } from './sign-file';

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
  /** The format the list is signed in (default minisign). */
  format?: FormatId;
}

export interface SignedChecksumList {
  listFile: string;
  signatureFile: string;
  /** Every signature of the list, when a release style writes several (node: .asc and .sig). */
  signatureFiles?: string[];
  /** Lowercase hex SHA-256 of the list as written, for the activity log. */
  sha256: string;
  /** The digests of the list the signature was made over, for the re-check. */
  digests: Digests;
}

/**
 * Writes a GNU-style SHA256SUMS ("<hex>  <name>") for files inside the list's folder and signs it
 * like any other file (`<list>.minisig`). Neither file replaces an existing one unless asked.
 */
export async function writeSignedChecksumList<K>(
  files: string[],
  key: K,
  options: WriteChecksumListOptions,
): Promise<SignedChecksumList> {
  const side = await signingFormat<K>(options.format);
  const listFile = resolve(options.listPath);
  const signatureFile = signatureFileFor(listFile, side);
  const listDir = dirname(listFile);
  const comment = side.checkComment ? side.checkComment(options.trustedComment) : options.trustedComment;
  const entries = listedNames(files, listFile, signatureFile, listDir);
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
  const digests: Digests = Object.fromEntries(
    [...side.digests, 'sha256'].map((algorithm) => [
      algorithm,
      createHash(algorithm).update(text, 'utf8').digest(),
    ]),
  );
  const signed = await side.sign({
    file: listFile,
    digests,
    key,
    ...(comment !== undefined
      ? { comment }
      : side.defaultComment
        ? { comment: side.defaultComment(listFile, new Date()) }
        : {}),
  });
  if (signed.write !== 'beside')
    throw new SignetError('usage', 'This format cannot sign a checksum list beside it.');
  if (options.signal?.aborted) throw new SignetError('cancelled', 'Cancelled.');
  const overwrite = options.overwrite === true;
  await writeFileAtomic(listFile, text, { mode: 0o644, overwrite });
  await writeFileAtomic(signatureFile, signed.content, { mode: 0o644, overwrite });
  return { listFile, signatureFile, sha256: digests.sha256!.toString('hex'), digests };
}

function listedNames(
  files: string[],
  listFile: string,
  signatureFile: string,
  listDir: string,
): { path: string; name: string }[] {
  const seen = new Set<string>();
  const entries: { path: string; name: string }[] = [];
  for (const file of files) {
    const path = resolve(file);
    if (seen.has(path)) continue;
    seen.add(path);
    if (path === listFile || path === signatureFile) {
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
