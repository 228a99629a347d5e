import { statSync } from 'node:fs';
import { OFF_THREAD_MIN_BYTES } from '../core/hashing/off-thread-threshold';
import { prestartHashWorker } from '../core/hashing/worker-location';

/**
 * `signet verify BIG-FILE` spends ~200 ms reading its signature and trust list before the hash
 * can start; the worker that will hash loads meanwhile on the other core instead of after. Only
 * a guess from the arguments (a stat, nothing read): a wrong guess costs an idle thread.
 */
export function prestartHashingFor(argv: readonly string[]): void {
  if (argv[2] !== 'verify') return;
  const large = argv.slice(3).some((arg) => {
    if (arg.startsWith('-')) return false;
    try {
      const stats = statSync(arg);
      return stats.isFile() && stats.size >= OFF_THREAD_MIN_BYTES;
    } catch {
      return false;
    }
  });
  if (!large) return;
  try {
    prestartHashWorker();
  } catch {
    // Left for the verification itself to report, with its own message.
  }
}
