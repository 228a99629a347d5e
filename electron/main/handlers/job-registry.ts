import { SignetError } from '../../core/errors';

/**
 * Long-running jobs (verifying, signing) by the renderer's job id, so cancelJob can abort the right one.
 * A job id is only reserved while its job runs.
 */
export class JobRegistry {
  readonly #running = new Map<string, AbortController>();

  constructor(private readonly onIdle?: () => void) {}

  /** Runs `work` as job `jobId`; its signal aborts when cancelJob names the job. */
  async run<T>(jobId: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.#running.has(jobId)) {
      throw new SignetError('usage', 'That job is already running.');
    }
    const controller = new AbortController();
    this.#running.set(jobId, controller);
    try {
      return await work(controller.signal);
    } finally {
      this.#running.delete(jobId);
      if (this.#running.size === 0) this.onIdle?.();
    }
  }

  /** True when a running job was told to stop; false when there was no such job (already done). */
  cancel(jobId: string): boolean {
    const controller = this.#running.get(jobId);
    if (!controller) return false;
    controller.abort();
    return true;
  }

  /** Stops every job, for example when the window closes. */
  cancelAll(): void {
    for (const controller of this.#running.values()) controller.abort();
  }

  get size(): number {
    return this.#running.size;
  }
}
