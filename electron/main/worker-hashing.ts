import { digestFileInWorker } from '../core/hashing/digest-file-in-worker';
import type { HashWorkerEntry } from '../core/hashing/worker-location';
import type { HashingPort } from './handlers/types';

/**
 * Hashing on worker threads, so a multi-gigabyte file never blocks the main process (and with it
 * every window): each digest in its own worker, in parallel, with progress and cancel.
 */
export function createWorkerHashing(entry?: HashWorkerEntry): HashingPort {
  return {
    digestFile: (path, algorithms, options = {}) =>
      digestFileInWorker(path, algorithms, { ...options, ...(entry ? { worker: entry } : {}) }),
  };
}
