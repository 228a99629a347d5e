import type { EmitEvent } from './types';

/** About 10 events a second: smooth enough for a progress bar, cheap enough for IPC. */
const PROGRESS_INTERVAL_MS = 100;

export interface ProgressReporter {
  /** Reports bytes done in file `fileIndex`; events go out at most once per interval. */
  update(fileIndex: number, file: string, bytesDone: number, bytesTotal: number): void;
}

/**
 * Turns the core's many per-chunk callbacks into throttled jobProgress events. The rate is measured
 * over the whole job so far (bytes of finished files included), which keeps it steady between files.
 */
export function createProgressReporter(options: {
  jobId: string;
  fileCount: number;
  emit: EmitEvent;
  now: () => number;
  intervalMs?: number;
}): ProgressReporter {
  const interval = options.intervalMs ?? PROGRESS_INTERVAL_MS;
  const started = options.now();
  let lastSent = Number.NEGATIVE_INFINITY;
  let bytesInFinishedFiles = 0;
  let currentIndex = -1;
  let currentDone = 0;

  return {
    update(fileIndex, file, bytesDone, bytesTotal) {
      if (fileIndex !== currentIndex) {
        if (currentIndex >= 0) bytesInFinishedFiles += currentDone;
        currentIndex = fileIndex;
      }
      currentDone = bytesDone;
      const now = options.now();
      const lastOfJob = fileIndex === options.fileCount - 1 && bytesDone >= bytesTotal;
      if (now - lastSent < interval && !lastOfJob) return;
      lastSent = now;
      const seconds = (now - started) / 1000;
      const bytesSoFar = bytesInFinishedFiles + bytesDone;
      options.emit('jobProgress', {
        jobId: options.jobId,
        file,
        fileIndex,
        fileCount: options.fileCount,
        bytesDone,
        bytesTotal,
        bytesPerSecond: seconds > 0 ? Math.round(bytesSoFar / seconds) : 0,
      });
    },
  };
}
