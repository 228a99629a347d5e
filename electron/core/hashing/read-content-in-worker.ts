import { SignetError } from '../errors';
import type { ContentPlan, ContentResult } from './content-plan';
import type { DigestProgress } from './digest-algorithms';
import { HashWorkerStopped } from './hash-worker-client';
import { throwIfAborted } from './read-file-chunks';
import { type HashWorkerEntry, startHashWorker } from './worker-location';
import { type ContentReply, reviveError } from './worker-protocol';

/**
 * readContent on a worker thread, for the app's main process: the one read and every hash of
 * it happen off the calling thread, which only receives progress. Cancel with the signal: the
 * worker is terminated and this rejects with SignetError('cancelled'). The caller keeps the fd.
 */
export async function readContentInWorker(
  fd: number,
  name: string,
  plan: ContentPlan,
  options: {
    onProgress?: (progress: DigestProgress) => void;
    signal?: AbortSignal;
    worker?: HashWorkerEntry;
  } = {},
): Promise<ContentResult> {
  throwIfAborted(options.signal);
  const worker = startHashWorker(options.worker);
  let stop = () => {};
  try {
    return await new Promise<ContentResult>((resolve, reject) => {
      stop = () => reject(new SignetError('cancelled', 'Cancelled.'));
      options.signal?.addEventListener('abort', stop, { once: true });
      worker.on('message', (reply: ContentReply) => {
        if (reply?.type === 'progress') {
          options.onProgress?.({ bytesDone: reply.bytesDone, bytesTotal: reply.bytesTotal });
        } else if (reply?.type === 'content-done') resolve(reply.result);
        else if (reply?.type === 'failed') reject(reviveError(reply.error));
      });
      worker.on('error', (error) =>
        reject(new HashWorkerStopped('The hashing worker failed. Nothing was changed.', { cause: error })),
      );
      worker.on('exit', () => reject(new HashWorkerStopped('The hashing worker stopped unexpectedly.')));
      worker.postMessage({ type: 'content', id: 1, fd, name, plan, progressEveryMs: 25 });
    });
  } finally {
    options.signal?.removeEventListener('abort', stop);
    // Terminating waits for the worker to stop, so no read of this fd is left running.
    await worker.terminate();
  }
}
