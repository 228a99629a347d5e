import type { Worker } from 'node:worker_threads';
import { SignetError } from '../errors';
import type { DigestAlgorithm, DigestProgress, Digests } from './digest-algorithms';
import { startHashWorker } from './worker-location';
import { type DigestRequest, digestsFromWire, reviveError, type WorkerReply } from './worker-protocol';

/** The worker itself failed (could not start, crashed, or was stopped): no single file is to blame. */
export class HashWorkerStopped extends SignetError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('io', message, options);
    this.name = 'HashWorkerStopped';
  }
}

export interface WorkerDigest {
  digests: Digests;
  bytes: number;
}

interface Pending {
  /** Handles a reply to this request; true once the request is settled. */
  receive: (reply: WorkerReply) => boolean;
  reject: (error: Error) => void;
}

/** One hash worker thread and the requests waiting on it. */
export class HashWorkerClient {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private stopped: Error | undefined;

  constructor(private readonly worker: Worker = startHashWorker()) {
    worker.on('message', (reply: WorkerReply) => {
      const pending = this.pending.get(reply?.id);
      if (pending?.receive(reply)) this.pending.delete(reply.id);
    });
    worker.on('error', (error) =>
      this.stop(new HashWorkerStopped('The hashing worker failed. Nothing was changed.', { cause: error })),
    );
    worker.on('exit', () => this.stop(new HashWorkerStopped('The hashing worker stopped unexpectedly.')));
  }

  /** Requests sent and not yet answered. */
  get inFlight(): number {
    return this.pending.size;
  }

  /**
   * One file. With `progressEveryMs`, the worker reports progress that often. `reads` chooses
   * overlapped or blocking reads (see SingleDigestRequest). Rejects with the file's own error, or
   * HashWorkerStopped.
   */
  digest(
    path: string,
    algorithms: DigestAlgorithm[],
    options: {
      progressEveryMs?: number;
      onProgress?: (progress: DigestProgress) => void;
      reads?: 'overlapped' | 'blocking';
      confineTo?: string;
    } = {},
  ): Promise<WorkerDigest> {
    return new Promise((resolve, reject) => {
      const request: DigestRequest = {
        type: 'digest',
        id: this.nextId++,
        path,
        algorithms,
        progressEveryMs: options.progressEveryMs,
        reads: options.reads,
        confineTo: options.confineTo,
      };
      this.send(request, reject, (reply) => {
        if (reply.type === 'progress') {
          options.onProgress?.({ bytesDone: reply.bytesDone, bytesTotal: reply.bytesTotal });
          return false;
        }
        if (reply.type === 'done') resolve({ digests: digestsFromWire(reply.digests), bytes: reply.bytes });
        else if (reply.type === 'failed') reject(reviveError(reply.error));
        else reject(new HashWorkerStopped('The hashing worker gave a reply Signet does not understand.'));
        return true;
      });
    });
  }

  /**
   * Several small files hashed with blocking reads in one round trip; each file gets its digests or
   * its own error, in order. Rejects only with HashWorkerStopped.
   */
  digestBatch(
    paths: string[],
    algorithms: DigestAlgorithm[],
    options: { confineTo?: string } = {},
  ): Promise<Array<WorkerDigest | Error>> {
    return new Promise((resolve, reject) => {
      const request: DigestRequest = {
        type: 'digest-batch',
        id: this.nextId++,
        paths,
        algorithms,
        confineTo: options.confineTo,
      };
      this.send(request, reject, (reply) => {
        if (reply.type === 'batch-done' && reply.entries.length === paths.length) {
          resolve(
            reply.entries.map((entry) =>
              'error' in entry
                ? reviveError(entry.error)
                : { digests: digestsFromWire(entry.digests), bytes: entry.bytes },
            ),
          );
        } else reject(new HashWorkerStopped('The hashing worker gave a reply Signet does not understand.'));
        return true;
      });
    });
  }

  /** Stops the thread, failing whatever is still pending with `reason`. */
  async terminate(reason: Error = new SignetError('cancelled', 'Cancelled.')): Promise<void> {
    this.stop(reason);
    await this.worker.terminate();
  }

  private send(request: DigestRequest, reject: (error: Error) => void, receive: Pending['receive']): void {
    if (this.stopped) {
      reject(this.stopped);
      return;
    }
    this.pending.set(request.id, { receive, reject });
    this.worker.postMessage(request);
  }

  private stop(reason: Error): void {
    this.stopped ??= reason;
    for (const pending of this.pending.values()) pending.reject(this.stopped);
    this.pending.clear();
  }
}
