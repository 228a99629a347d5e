import { createHash, type Hash } from 'node:crypto';
import type { DigestAlgorithm, DigestOptions, Digests } from './digest-algorithms';
import { readFileChunks } from './read-file-chunks';
import { readFileChunksSync } from './read-file-chunks-sync';
import { requestedAlgorithms } from './requested-algorithms';

/**
 * Reads a file once through every requested digest, in constant memory (a ring of four 1 MiB
 * buffers), with reads overlapped with hashing. All digests run on this thread, one after the
 * other per chunk: for several digests of a large file, digestFileInWorker runs them in parallel.
 * Throws SignetError('cancelled') when the signal aborts and SignetError('io') if the file changes
 * while it is read; file system errors keep their Node `code` (see plainMessage).
 */
export async function digestFile(
  path: string,
  algorithms: readonly DigestAlgorithm[],
  options: DigestOptions = {},
): Promise<Digests> {
  const hashes = createHashes(algorithms);
  const onProgress = options.onProgress;
  let bytesDone = 0;
  let bytesTotal = 0;
  const bytesRead = await readFileChunks(
    path,
    (chunk, sizeAtOpen) => {
      for (const [, hash] of hashes) hash.update(chunk);
      bytesDone += chunk.length;
      bytesTotal = Math.max(sizeAtOpen, bytesDone);
      onProgress?.({ bytesDone, bytesTotal });
    },
    { signal: options.signal, regularOnly: options.regularOnly },
  );
  // An empty file, or a pipe whose length was unknown, still ends at 100%.
  if (onProgress && (bytesRead === 0 || bytesTotal !== bytesRead)) {
    onProgress({ bytesDone: bytesRead, bytesTotal: bytesRead });
  }
  return finish(hashes);
}

/**
 * digestFile with blocking reads, for worker threads only; `scratch` is the caller's reusable read
 * buffer. Also returns how many bytes were hashed. `onProgress` is called after every chunk.
 */
export function digestFileSync(
  path: string,
  algorithms: readonly DigestAlgorithm[],
  scratch: Buffer,
  options: Omit<DigestOptions, 'signal'> = {},
): { digests: Digests; bytes: number } {
  const onProgress = options.onProgress;
  const hashes = createHashes(algorithms);
  let bytesDone = 0;
  let bytesTotal = 0;
  const bytes = readFileChunksSync(
    path,
    (chunk, sizeAtOpen) => {
      for (const [, hash] of hashes) hash.update(chunk);
      bytesDone += chunk.length;
      bytesTotal = Math.max(sizeAtOpen, bytesDone);
      onProgress?.({ bytesDone, bytesTotal });
    },
    scratch,
    { regularOnly: options.regularOnly },
  );
  if (onProgress && (bytes === 0 || bytesTotal !== bytes))
    onProgress({ bytesDone: bytes, bytesTotal: bytes });
  return { digests: finish(hashes), bytes };
}

function createHashes(algorithms: readonly DigestAlgorithm[]): Array<readonly [DigestAlgorithm, Hash]> {
  return requestedAlgorithms(algorithms).map((algorithm) => [algorithm, createHash(algorithm)] as const);
}

function finish(hashes: Array<readonly [DigestAlgorithm, Hash]>): Digests {
  const digests: Digests = {};
  for (const [algorithm, hash] of hashes) digests[algorithm] = hash.digest();
  return digests;
}
