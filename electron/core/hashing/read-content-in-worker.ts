import type { Worker } from 'node:worker_threads';
import { SignetError } from '../errors';
import type { ContentPlan, ContentResult } from './content-plan';
import type { DigestProgress } from './digest-algorithms';
import { HashWorkerStopped } from './hash-worker-client';
import { planCost } from './plan-cost';
import { throwIfAborted } from './read-file-chunks';
import { createSharedRing, type SharedRing } from './shared-ring';
import { type HashWorkerEntry, releaseHashWorker, startHashWorker } from './worker-location';
import { type ContentReply, type DigestRequest, reviveError } from './worker-protocol';

/**
 * readContent on a worker thread, for the app's main process: the one read and every hash of
 * it happen off the calling thread, which only receives progress. Cancel with the signal: the
 * worker is terminated and this rejects with SignetError('cancelled'). The caller keeps the fd.
 */
export async function readContentInWorker(
  fd: number,
  name: string,
  plan: ContentPlan,
  options: WorkerContentOptions = {},
): Promise<ContentResult> {
  throwIfAborted(options.signal);
  const worker = startHashWorker(options.worker);
  try {
    return await answerOf(worker, { type: 'content', id: 1, fd, name, plan, progressEveryMs: 25 }, options);
  } finally {
    // Terminating waits for the worker to stop, so no read of this fd is left running.
    await worker.terminate();
  }
}

interface WorkerContentOptions {
  onProgress?: (progress: DigestProgress) => void;
  signal?: AbortSignal;
  worker?: HashWorkerEntry;
}

/**
 * Two plans over one file read once (core/hashing/shared-ring.ts), each on its own worker. The
 * worker with the cheaper plan also reads (planCost): the read's copy then fills the lighter
 * share's spare time instead of lengthening the slower hash. Answers in the order of `plans`;
 * progress is the reader's.
 */
export async function readContentSharedInWorkers(
  fd: number,
  name: string,
  plans: readonly [ContentPlan, ContentPlan],
  options: WorkerContentOptions = {},
): Promise<[ContentResult, ContentResult]> {
  throwIfAborted(options.signal);
  const shared = createSharedRing();
  const leads = planCost(plans[0]) < planCost(plans[1]) ? 0 : 1;
  // The reader sets the pace, so it takes the worker started first (the CLI starts one early).
  const reader = startHashWorker(options.worker);
  const follower = startHashWorker(options.worker);
  const workers = [reader, follower];
  try {
    const { onProgress, ...rest } = options;
    const [read, followed] = await Promise.allSettled([
      answerOf(
        reader,
        {
          type: 'content-shared',
          id: 1,
          role: 'lead',
          fd,
          name,
          plan: plans[leads]!,
          progressEveryMs: 25,
          ...shared,
        },
        options,
      ),
      answerOf(
        follower,
        { type: 'content-shared', id: 1, role: 'follow', plan: plans[1 - leads]!, ...shared },
        rest,
      ),
    ]);
    // The reader's error says what happened to the file; the follower's only that the read stopped.
    if (read.status === 'rejected') throw read.reason;
    if (followed.status === 'rejected') throw followed.reason;
    return leads === 0 ? [read.value, followed.value] : [followed.value, read.value];
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

/** Sends one content request and waits for its answer; cancelling rejects at once. */
function answerOf(
  worker: Worker,
  request: DigestRequest,
  options: WorkerContentOptions,
): Promise<ContentResult> {
  let stop = () => {};
  const onMessage = (reply: ContentReply) => {
    if (reply?.type === 'progress') {
      options.onProgress?.({ bytesDone: reply.bytesDone, bytesTotal: reply.bytesTotal });
    } else if (reply?.type === 'content-done') settle.resolve(reply.result);
    else if (reply?.type === 'failed') settle.reject(reviveError(reply.error));
  };
  const onError = (error: Error) =>
    settle.reject(new HashWorkerStopped('The hashing worker failed. Nothing was changed.', { cause: error }));
  const onExit = () => settle.reject(new HashWorkerStopped('The hashing worker stopped unexpectedly.'));
  const settle = {} as { resolve: (result: ContentResult) => void; reject: (error: Error) => void };
  return new Promise<ContentResult>((resolve, reject) => {
    settle.resolve = resolve;
    settle.reject = reject;
    stop = () => reject(new SignetError('cancelled', 'Cancelled.'));
    options.signal?.addEventListener('abort', stop, { once: true });
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    worker.postMessage(request);
  }).finally(() => {
    options.signal?.removeEventListener('abort', stop);
    // A worker handed back for another request must not answer this one's listeners.
    worker.off('message', onMessage).off('error', onError).off('exit', onExit);
  });
}

/**
 * A worker hashing what the caller publishes into `shared` (RingPublisher), for a pass the
 * caller reads itself (signing copies the file as it goes, and reads each chunk back from the copy
 * into its slot). `done` settles with the hashes; `close` as for closableAnswer.
 */
export function followInWorker(
  shared: SharedRing,
  plan: ContentPlan,
  options: { signal?: AbortSignal } = {},
): ClosableAnswer {
  const worker = startHashWorker();
  return closableAnswer(
    worker,
    answerOf(worker, { type: 'content-shared', id: 1, role: 'follow', plan, ...shared }, options),
  );
}

/**
 * The plan's scattered hashes of the file open at `fd` that the caller is writing, read back on a
 * worker part by part as `written` (WrittenSoFar) says each part is written. `close` as for
 * followInWorker.
 */
export function hashAsWrittenInWorker(
  fd: number,
  name: string,
  plan: ContentPlan,
  written: SharedArrayBuffer,
): ClosableAnswer {
  const worker = startHashWorker();
  return closableAnswer(
    worker,
    answerOf(worker, { type: 'content-as-written', id: 1, fd, name, plan, written }, {}),
  );
}

interface ClosableAnswer {
  done: Promise<ContentResult>;
  /** Hands a worker that answered back for the next request, and stops one that did not. */
  close: () => Promise<void>;
}

function closableAnswer(worker: Worker, done: Promise<ContentResult>): ClosableAnswer {
  let answered = false;
  done.then(
    () => {
      answered = true;
    },
    () => {},
  );
  return {
    done,
    close: async () => {
      if (answered) releaseHashWorker(worker);
      else await worker.terminate();
    },
  };
}
