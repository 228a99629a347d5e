import { closeSync, fstatSync, open } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { SignetError } from '../errors';
import { OPEN_REGULAR_ONLY } from './confined-path';
import { emptyPlan } from './content-plan';
import type { DigestAlgorithm, DigestOptions, Digests } from './digest-algorithms';
import { HashWorkerClient } from './hash-worker-client';
import { readContentSharedInWorkers } from './read-content-in-worker';
import { throwIfAborted } from './read-file-chunks';
import { requestedAlgorithms } from './requested-algorithms';
import { type HashWorkerEntry, startHashWorker } from './worker-location';

/**
 * Fine enough that a caller throttling to 125 ms (the app) sends every 125-150 ms, not every
 * 150-200 ms as a 50 ms grid would; 40 tiny messages a second cost the main thread nothing.
 */
const DEFAULT_PROGRESS_EVERY_MS = 25;

export interface WorkerDigestOptions extends DigestOptions {
  /** How often workers report progress; the app throttles again for the window. Default 25 ms. */
  progressEveryMs?: number;
  /** Most worker threads to use; defaults to the core count. Digests beyond it share a worker. */
  maxWorkers?: number;
  /** Which worker script to run; found next to the running bundle by default. */
  worker?: HashWorkerEntry;
}

/**
 * digestFile off the calling thread, for the app's main process: its event loop only receives a
 * few progress messages a second. Several digests run in parallel, one worker each (each worker
 * reads the file itself; the page cache serves the second read), so blake2b512 + sha256 of a large
 * file takes about as long as blake2b512 alone. Progress is that of the slowest worker.
 * Cancel with the signal: the workers are terminated and this rejects with SignetError('cancelled').
 */
export async function digestFileInWorker(
  path: string,
  algorithms: readonly DigestAlgorithm[],
  options: WorkerDigestOptions = {},
): Promise<Digests> {
  const cores = availableParallelism();
  const groups = spread(requestedAlgorithms(algorithms), options.maxWorkers ?? cores);
  // With a worker hashing on every core, read threads only steal time from hashing: 1.07 s instead
  // of 1.19 s for BLAKE2b-512 + SHA-256 of 1 GiB on 2 cores. With a core spare, overlap pays.
  const reads = groups.length >= cores ? 'blocking' : 'overlapped';
  const { signal, onProgress } = options;
  throwIfAborted(signal);
  if (groups.length === 2 && cores >= 2) {
    const shared = await digestSharedRead(path, groups as [DigestAlgorithm[], DigestAlgorithm[]], options);
    if (shared) return shared;
  }
  const clients: HashWorkerClient[] = [];
  const done = groups.map(() => 0);
  let reported = -1;
  const stopAll = () => {
    for (const client of clients) void client.terminate(new SignetError('cancelled', 'Cancelled.'));
  };
  signal?.addEventListener('abort', stopAll, { once: true });
  try {
    for (const _ of groups) clients.push(new HashWorkerClient(startHashWorker(options.worker)));
    const results = await Promise.all(
      groups.map((group, index) =>
        clients[index]!.digest(path, group, {
          progressEveryMs: options.progressEveryMs ?? DEFAULT_PROGRESS_EVERY_MS,
          reads,
          onProgress: ({ bytesDone, bytesTotal }) => {
            done[index] = bytesDone;
            const slowest = Math.min(...done);
            if (slowest <= reported) return;
            reported = slowest;
            onProgress?.({ bytesDone: slowest, bytesTotal });
          },
        }),
      ),
    );
    return Object.assign({}, ...results.map((result) => result.digests)) as Digests;
  } finally {
    signal?.removeEventListener('abort', stopAll);
    await Promise.all(clients.map((client) => client.terminate()));
  }
}

/**
 * Two groups of digests from one read (core/hashing/shared-ring.ts): the worker with the lighter group
 * reads and the other hashes the same buffers.
 * Undefined when the path is not a regular file that opens: the per-worker reads then say why.
 */
async function digestSharedRead(
  path: string,
  groups: [DigestAlgorithm[], DigestAlgorithm[]],
  options: WorkerDigestOptions,
): Promise<Digests | undefined> {
  const fd = await new Promise<number | undefined>((settle) =>
    open(path, OPEN_REGULAR_ONLY, (error, opened) => settle(error ? undefined : opened)),
  );
  if (fd === undefined) return undefined;
  try {
    if (!fstatSync(fd).isFile()) return undefined;
    const plan = (digests: DigestAlgorithm[]) => ({ ...emptyPlan(), digests });
    const results = await readContentSharedInWorkers(fd, basename(path), [plan(groups[0]), plan(groups[1])], {
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.worker ? { worker: options.worker } : {}),
    });
    const digests: Digests = {};
    for (const result of results) {
      for (const [algorithm, digest] of Object.entries(result.digests)) {
        digests[algorithm as DigestAlgorithm] = Buffer.from(digest as Uint8Array);
      }
    }
    return digests;
  } finally {
    closeSync(fd);
  }
}

/** Deals the digests round-robin into at most `workers` groups. */
function spread(algorithms: DigestAlgorithm[], workers: number): DigestAlgorithm[][] {
  const count = Math.max(1, Math.min(Math.floor(workers) || 1, algorithms.length));
  const groups: DigestAlgorithm[][] = Array.from({ length: count }, () => []);
  for (const [index, algorithm] of algorithms.entries()) groups[index % count]!.push(algorithm);
  return groups;
}
