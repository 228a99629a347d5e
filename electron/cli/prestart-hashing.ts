import { statSync } from 'node:fs';
import { OFF_THREAD_MIN_BYTES } from '../core/hashing/off-thread-threshold';
import { prestartHashWorker } from '../core/hashing/worker-location';
import { PARALLEL_DIGESTS_MIN_BYTES } from '../core/limits';

/**
 * `signet verify BIG-FILE` spends ~200 ms reading its signature and trust list before the hash
 * can start; the worker that will hash loads meanwhile on the other core instead of after. Only
 * a guess from the arguments (a stat, nothing read): a wrong guess costs an idle thread. `signet
 * sign` of a large file hashes BLAKE2b-512 and SHA-256 on two workers, started here as well.
 */
export function prestartHashingFor(argv: readonly string[]): void {
  const command = argv[2];
  if (command !== 'verify' && command !== 'sign') return;
  const size = Math.max(
    0,
    ...argv.slice(3).map((arg) => {
      if (arg.startsWith('-')) return 0;
      try {
        const stats = statSync(arg);
        return stats.isFile() ? stats.size : 0;
      } catch {
        return 0;
      }
    }),
  );
  if (size < (command === 'sign' ? PARALLEL_DIGESTS_MIN_BYTES : OFF_THREAD_MIN_BYTES)) return;
  // --json also gives the SHA-256: a large file's digests then run on two workers.
  const workers =
    command === 'sign' || (argv.includes('--json') && size >= PARALLEL_DIGESTS_MIN_BYTES) ? 2 : 1;
  try {
    prestartHashWorker(workers);
  } catch {
    // Left for the verification itself to report, with its own message.
  }
}
