import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { SignetError } from '../errors';
import type { DigestAlgorithm, DigestOptions, Digests } from '../hashing/digest-algorithms';
import type { DigestFn } from '../hashing/digest-fn';

/** What a signature covers: a file on disk, or bytes already in memory (signify's embedded message). */
export type SignedContent = { kind: 'file'; path: string } | { kind: 'bytes'; bytes: Uint8Array };

/**
 * Ed25519 without a prehash (signify, minisign's legacy form) signs the whole message, so it must be
 * in memory; like signify itself we refuse files past this size instead of exhausting memory.
 */
export const WHOLE_MESSAGE_LIMIT = 1024 * 1024 * 1024;

export async function contentDigests(
  content: SignedContent,
  algorithms: readonly DigestAlgorithm[],
  digest: DigestFn,
  options: DigestOptions,
): Promise<Digests> {
  const unique = [...new Set(algorithms)];
  if (unique.length === 0) return {};
  if (content.kind === 'file') return digest(content.path, unique, options);
  const digests: Digests = {};
  for (const algorithm of unique) digests[algorithm] = createHash(algorithm).update(content.bytes).digest();
  return digests;
}

export async function contentBytes(content: SignedContent, signal?: AbortSignal): Promise<Uint8Array> {
  if (content.kind === 'bytes') return content.bytes;
  const handle = await open(content.path, 'r');
  try {
    const { size } = await handle.stat();
    if (size > WHOLE_MESSAGE_LIMIT) {
      throw new SignetError(
        'malformed',
        'This kind of signature covers the whole file at once, and files over 1 GiB are too large to check that way.',
      );
    }
    const bytes = new Uint8Array(size);
    let done = 0;
    while (done < size) {
      if (signal?.aborted) throw new SignetError('cancelled', 'Cancelled.');
      const { bytesRead } = await handle.read(bytes, done, Math.min(size - done, 1 << 22), done);
      if (bytesRead === 0) throw new SignetError('io', 'The file got shorter while it was being read.');
      done += bytesRead;
    }
    return bytes;
  } finally {
    await handle.close();
  }
}
