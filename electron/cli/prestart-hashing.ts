import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { earlyNeedsFor, mayCarryEmbeddedSignature } from '../core/formats/registry';
import { OFF_THREAD_MIN_BYTES } from '../core/hashing/off-thread-threshold';
import { prestartHashWorker } from '../core/hashing/worker-location';
import { PARALLEL_DIGESTS_MIN_BYTES, RECOGNISE_WINDOW_BYTES } from '../core/limits';

/**
 * `signet verify BIG-FILE` spends ~200 ms reading its signature and trust list before the hash
 * can start; the worker that will hash loads meanwhile on the other core instead of after. Only
 * a guess from the arguments (a stat, and the first bytes of a file to sign): a wrong guess costs
 * an idle thread. `signet sign` of a large file hashes BLAKE2b-512 and SHA-256 on two workers,
 * started here as well; a program or installer is signed inside it with one.
 */
export function prestartHashingFor(argv: readonly string[]): void {
  const command = argv[2];
  if (command !== 'verify' && command !== 'sign') return;
  let largest = { path: '', size: 0 };
  for (const arg of argv.slice(3)) {
    if (arg.startsWith('-')) continue;
    try {
      const stats = statSync(arg);
      if (stats.isFile() && stats.size > largest.size) largest = { path: arg, size: stats.size };
    } catch {
      // Not a file: left for the command to report.
    }
  }
  const { size } = largest;
  if (size < (command === 'sign' ? PARALLEL_DIGESTS_MIN_BYTES : OFF_THREAD_MIN_BYTES)) return;
  // --json also gives the SHA-256: a large file's digests then run on two workers.
  const workers =
    command === 'sign'
      ? mayCarryEmbeddedSignature(headOf(largest.path))
        ? 1
        : 2
      : argv.includes('--json') && size >= PARALLEL_DIGESTS_MIN_BYTES
        ? 2
        : 1;
  try {
    prestartHashWorker(workers);
  } catch {
    // Left for the verification itself to report, with its own message.
    return;
  }
  // A signed program's image hash starts now, before the signature, pkijs and the roots are loaded.
  if (command === 'verify' && workers === 1 && !argv.includes('--json')) {
    const needs = earlyNeedsFor(headOf(largest.path), size);
    if (needs)
      void import('../core/hashing/early-content').then((m) => m.startEarlyRead(largest.path, needs));
  }
}

/** The first bytes, as verification looks at them; none when unreadable. */
function headOf(path: string): Uint8Array {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const head = Buffer.alloc(RECOGNISE_WINDOW_BYTES);
    return head.subarray(0, readSync(fd, head, 0, head.length, 0));
  } catch {
    return new Uint8Array(0);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
