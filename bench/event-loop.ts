// Bundled by bench/run.ts and run as its own process: the app's main-process situation, where a
// large file is hashed by digestFileInWorker while the event loop must stay free for the windows.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { digestFileInWorker } from '../electron/core/hashing/digest-file-in-worker';

/** Mirrors PROGRESS_INTERVAL_MS in electron/main/handlers/progress-reporter.ts (the app's IPC throttle). */
const APP_PROGRESS_INTERVAL_MS = 125;

export interface EventLoopReport {
  bytes: number;
  hashMs: number;
  delayP50Ms: number;
  delayP99Ms: number;
  delayMaxMs: number;
  progressEvents: number;
  progressPerSecond: number;
  firstProgressMs: number;
  maxProgressGapMs: number;
  maxRssKiB: number;
}

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) throw new Error('usage: event-loop.cjs FILE');
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  const started = performance.now();
  const sentAt: number[] = [];
  let lastSent = Number.NEGATIVE_INFINITY;
  let bytes = 0;
  await digestFileInWorker(file, ['blake2b512', 'sha256'], {
    onProgress: ({ bytesDone, bytesTotal }) => {
      const now = performance.now();
      if (now - lastSent < APP_PROGRESS_INTERVAL_MS && bytesDone < bytesTotal) return;
      lastSent = now;
      sentAt.push(now);
      bytes = bytesTotal;
      // What the app sends to the window; serialising it is the main process's share of the work.
      JSON.stringify({ channel: 'jobProgress', bytesDone, bytesTotal });
    },
  });
  const ended = performance.now();
  histogram.disable();
  const gaps = sentAt.slice(1).map((at, i) => at - sentAt[i]!);
  const report: EventLoopReport = {
    bytes,
    hashMs: ended - started,
    delayP50Ms: histogram.percentile(50) / 1e6,
    delayP99Ms: histogram.percentile(99) / 1e6,
    delayMaxMs: histogram.max / 1e6,
    progressEvents: sentAt.length,
    progressPerSecond: sentAt.length / ((ended - started) / 1000),
    firstProgressMs: (sentAt[0] ?? ended) - started,
    maxProgressGapMs: Math.max(0, ...gaps),
    maxRssKiB: process.resourceUsage().maxRSS,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exitCode = 1;
});
