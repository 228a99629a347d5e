import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { PARALLEL_DIGESTS_MIN_BYTES } from '../limits';
import type { DigestAlgorithm, DigestOptions, Digests } from './digest-algorithms';
import { digestFile } from './digest-file';
import { digestFileInWorker } from './digest-file-in-worker';
import { requestedAlgorithms } from './requested-algorithms';

/**
 * For the CLI and other short-lived callers: several digests of a large file run in parallel
 * workers (digestFileInWorker); one digest, or a small file, runs on this thread (digestFile),
 * with no worker start-up to pay. The app's main process uses digestFileInWorker, which never
 * hashes on the calling thread.
 */
export async function digestFileFastest(
  path: string,
  algorithms: readonly DigestAlgorithm[],
  options: DigestOptions = {},
): Promise<Digests> {
  const wanted = requestedAlgorithms(algorithms);
  if (wanted.length > 1 && availableParallelism() > 1) {
    // A stat error is left to digestFile to report, with the same message as any other read.
    const size = await stat(path).then(
      (info) => (info.isFile() ? info.size : 0),
      () => 0,
    );
    if (size >= PARALLEL_DIGESTS_MIN_BYTES) return digestFileInWorker(path, wanted, options);
  }
  return digestFile(path, wanted, options);
}
