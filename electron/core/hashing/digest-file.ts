import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { SignetError } from '../errors';
import type { DigestAlgorithm, DigestOptions, Digests } from './digest-algorithms';

const CHUNK_SIZE = 1 << 20;

/**
 * Streams a file once through every requested digest, in constant memory.
 * Throws SignetError('cancelled') when the signal aborts.
 */
export async function digestFile(
  path: string,
  algorithms: readonly DigestAlgorithm[],
  options: DigestOptions = {},
): Promise<Digests> {
  const hashes = algorithms.map((algorithm) => [algorithm, createHash(algorithm)] as const);
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.allocUnsafe(CHUNK_SIZE);
    let done = 0;
    for (;;) {
      if (options.signal?.aborted) throw new SignetError('cancelled', 'Cancelled.');
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_SIZE, null);
      if (bytesRead === 0) break;
      const chunk = buffer.subarray(0, bytesRead);
      for (const [, hash] of hashes) hash.update(chunk);
      done += bytesRead;
      options.onProgress?.({ bytesDone: done, bytesTotal: size });
    }
  } finally {
    await handle.close();
  }
  const digests: Digests = {};
  for (const [algorithm, hash] of hashes) digests[algorithm] = hash.digest();
  return digests;
}
