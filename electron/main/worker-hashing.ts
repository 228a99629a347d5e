import type { Worker } from 'node:worker_threads';
import { SignetError } from '../core/errors';
import type { DigestAlgorithm, DigestOptions, Digests } from '../core/hashing/digest-algorithms';
import { type HashWorkerEntry, startHashWorker } from '../core/hashing/worker-location';
import { type DigestReply, digestsFromWire, reviveError } from '../core/hashing/worker-protocol';
import type { HashingPort } from './handlers/types';

/** Progress from the worker at most this often; the handlers throttle further for IPC. */
const WORKER_PROGRESS_MS = 50;
/** Workers kept warm between files so checking many small files does not start a thread for each. */
const MAX_IDLE_WORKERS = 2;

/**
 * Hashing on worker threads, so a multi-gigabyte file never blocks the main process (and with it every
 * window). Each digest has a worker to itself: cancelling terminates that worker, which stops even a
 * read in progress, and no other job is touched.
 */
export function createWorkerHashing(entry?: HashWorkerEntry): HashingPort {
  const idle: Worker[] = [];
  const take = (): Worker => {
    let worker = idle.pop();
    // A thread that died while idle reports threadId -1; posting to it would wait for ever.
    while (worker && worker.threadId === -1) worker = idle.pop();
    if (!worker) {
      worker = startHashWorker(entry);
      // A worker that fails while idle must not take the main process down with an unhandled 'error'.
      worker.on('error', () => {});
    }
    worker.ref();
    return worker;
  };
  const giveBack = (worker: Worker): void => {
    if (idle.length >= MAX_IDLE_WORKERS) {
      void worker.terminate();
      return;
    }
    // An idle worker must not keep the process alive (tests, the app quitting).
    worker.unref();
    idle.push(worker);
  };
  let nextId = 1;

  return {
    digestFile(path: string, algorithms: readonly DigestAlgorithm[], options: DigestOptions = {}) {
      const { signal, onProgress } = options;
      if (signal?.aborted) return Promise.reject(new SignetError('cancelled', 'Cancelled.'));
      const id = nextId++;
      const worker = take();
      return new Promise<Digests>((resolve, reject) => {
        let settled = false;
        const onMessage = (reply: DigestReply) => {
          if (reply?.id !== id) return;
          if (reply.type === 'progress')
            onProgress?.({ bytesDone: reply.bytesDone, bytesTotal: reply.bytesTotal });
          else if (reply.type === 'done') settle(true, () => resolve(digestsFromWire(reply.digests)));
          else settle(true, () => reject(reviveError(reply.error)));
        };
        const onError = (error: Error) => settle(false, () => reject(error));
        const onExit = () =>
          settle(false, () =>
            reject(new SignetError('io', 'The hashing worker stopped unexpectedly. Please try again.')),
          );
        const onAbort = () => settle(false, () => reject(new SignetError('cancelled', 'Cancelled.')));
        const settle = (keepWorker: boolean, outcome: () => void) => {
          if (settled) return;
          settled = true;
          signal?.removeEventListener('abort', onAbort);
          worker.off('message', onMessage).off('error', onError).off('exit', onExit);
          if (keepWorker) giveBack(worker);
          else void worker.terminate();
          outcome();
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        worker.on('message', onMessage).on('error', onError).on('exit', onExit);
        worker.postMessage({
          type: 'digest',
          id,
          path,
          algorithms: [...algorithms],
          progressEveryMs: WORKER_PROGRESS_MS,
        });
      });
    },
  };
}
