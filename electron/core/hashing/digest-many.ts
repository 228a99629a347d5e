import { availableParallelism } from 'node:os';
import { SignetError } from '../errors';
import type { DigestAlgorithm } from './digest-algorithms';
import { HashWorkerClient, HashWorkerStopped } from './hash-worker-client';
import { throwIfAborted } from './read-file-chunks';
import { requestedAlgorithms } from './requested-algorithms';

export interface DigestManyProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
}

export interface DigestManyOptions {
  /** Worker threads; defaults to the core count. */
  concurrency?: number;
  /** Called after each file; throttling is the caller's business. */
  onProgress?: (progress: DigestManyProgress) => void;
  signal?: AbortSignal;
  /** Most files per message to a worker; default 32. 1 sends each file on its own (slower). */
  maxBatch?: number;
  /**
   * A real folder path (fs.realpath). Each file is then read only if it is a regular file whose
   * real path lies inside it (assertInsideFolder: no link leads out); otherwise it gets its own
   * error, unread. The check runs in the workers, in parallel, just before each file is opened.
   */
  confineTo?: string;
}

/**
 * Requests queued per worker: one being hashed and one waiting, so a worker never idles for a
 * message round trip, yet a large file cannot leave a long queue stuck behind it.
 */
const QUEUED_PER_WORKER = 2;

/**
 * Files per request. Batches shrink towards the end (a quarter of each worker's fair share of what
 * is left) so the workers finish together; a lone file goes as a single request, which lets a large
 * file be read with overlapped reads.
 */
const MAX_BATCH = 32;

function batchSize(remaining: number, workers: number, maxBatch: number): number {
  return Math.max(1, Math.min(maxBatch, Math.floor(remaining / (workers * 4))));
}

/**
 * Hashes many files with a pool of worker threads, one per core. Each path maps to its digest or
 * to the Error for that file alone (missing, unreadable, changed while read: see plainMessage);
 * the Map follows the order of `paths`, duplicates hashed once. Rejects only when cancelled
 * (SignetError 'cancelled') or when a worker itself fails.
 */
export async function digestMany(
  paths: readonly string[],
  algorithm: DigestAlgorithm,
  options: DigestManyOptions = {},
): Promise<Map<string, Buffer | Error>> {
  const [wanted] = requestedAlgorithms([algorithm]) as [DigestAlgorithm];
  const { signal, onProgress, confineTo } = options;
  const maxBatch = Math.max(1, Math.floor(options.maxBatch ?? MAX_BATCH) || 1);
  throwIfAborted(signal);
  const unique = [...new Set(paths)];
  const outcomes = new Map<string, Buffer | Error>();
  if (unique.length === 0) return outcomes;

  const size = Math.max(
    1,
    Math.min(Math.floor(options.concurrency ?? availableParallelism()) || 1, unique.length),
  );
  // A lone large file is read with overlapped reads while a core is spare; with every core
  // hashing, extra read threads only compete with the hashing.
  const reads = size >= availableParallelism() ? 'blocking' : undefined;
  const clients: HashWorkerClient[] = [];
  let stopAll = () => {};
  try {
    for (let i = 0; i < size; i++) clients.push(new HashWorkerClient());
    await new Promise<void>((resolve, reject) => {
      let start = 0;
      let bytesDone = 0;
      stopAll = () => reject(new SignetError('cancelled', 'Cancelled.'));
      signal?.addEventListener('abort', stopAll, { once: true });
      const settle = (path: string, outcome: Buffer | Error, bytes: number) => {
        outcomes.set(path, outcome);
        bytesDone += bytes;
        onProgress?.({ filesDone: outcomes.size, filesTotal: unique.length, bytesDone });
      };
      const failed = (error: Error) => {
        if (error instanceof HashWorkerStopped || signal?.aborted) reject(error);
      };
      const next = (client: HashWorkerClient) => {
        if (outcomes.size === unique.length) resolve();
        else feed(client);
      };
      const feed = (client: HashWorkerClient) => {
        while (client.inFlight < QUEUED_PER_WORKER && start < unique.length) {
          const paths = unique.slice(
            start,
            start + batchSize(unique.length - start, clients.length, maxBatch),
          );
          start += paths.length;
          if (paths.length === 1) {
            const path = paths[0]!;
            client.digest(path, [wanted], { reads, confineTo }).then(
              (result) => {
                settle(path, result.digests[wanted]!, result.bytes);
                next(client);
              },
              (error: Error) => {
                if (error instanceof HashWorkerStopped || signal?.aborted) return failed(error);
                settle(path, error, 0);
                next(client);
              },
            );
          } else {
            client.digestBatch(paths, [wanted], { confineTo }).then((entries) => {
              for (const [index, entry] of entries.entries()) {
                if (entry instanceof Error) settle(paths[index]!, entry, 0);
                else settle(paths[index]!, entry.digests[wanted]!, entry.bytes);
              }
              next(client);
            }, failed);
          }
        }
      };
      for (const client of clients) feed(client);
    });
  } finally {
    signal?.removeEventListener('abort', stopAll);
    await Promise.all(clients.map((client) => client.terminate()));
  }
  return new Map(unique.map((path) => [path, outcomes.get(path)!]));
}
