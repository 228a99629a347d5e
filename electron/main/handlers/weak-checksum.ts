import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { SignetError } from '../../core/errors';

/**
 * MD5 or SHA-1 of a file, only to answer a person who pasted one from a website. Signet's hashing
 * port computes the strong digests it verifies with; these old kinds never decide a verdict, so
 * they are streamed here with Node's own crypto rather than added to the worker's set.
 */
export async function weakDigest(
  path: string,
  algorithm: 'md5' | 'sha1',
  signal: AbortSignal,
): Promise<Buffer> {
  if (!(await stat(path)).isFile()) {
    throw new SignetError('io', 'That is not a regular file, so it has no checksum to compare.');
  }
  const hash = createHash(algorithm);
  const stream = createReadStream(path, { signal, highWaterMark: 1024 * 1024 });
  try {
    for await (const chunk of stream) hash.update(chunk as Buffer);
  } catch (error) {
    if (signal.aborted) throw new SignetError('cancelled', 'Comparing was cancelled. No result was given.');
    throw error;
  }
  return hash.digest();
}
