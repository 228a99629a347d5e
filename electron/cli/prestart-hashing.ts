import { closeSync, openSync, readSync, type Stats, statSync } from 'node:fs';
import { earlyPlanFor, mayCarryEmbeddedSignature } from '../core/formats/registry';
import { startEarlyContent, startEarlyPasses, startEarlyPassHere } from '../core/hashing/early-content';
import { OFF_THREAD_MIN_BYTES } from '../core/hashing/off-thread-threshold';
import { prestartHashWorker, startHashWorker } from '../core/hashing/worker-location';
import { PARALLEL_DIGESTS_MIN_BYTES, RECOGNISE_WINDOW_BYTES } from '../core/limits';
import { guessedPasses } from './guessed-passes';

/**
 * `signet verify BIG-FILE` spends tens of milliseconds reading its code, signature and trust list
 * before the hash can start. When the signatures in play say what they hash (guessed-passes.ts),
 * those hashes start now on workers (core/hashing/early-content.ts); a signed program's image hash
 * starts the same way, guessed from its headers (earlyPlanFor); otherwise the workers
 * that will hash load meanwhile on the other core. Only a guess from the arguments and the first
 * bytes: a wrong guess costs an idle or discarded thread, never an answer. `signet sign` of a large
 * file hashes BLAKE2b-512 and SHA-256 on two workers, started here as well; a program or installer
 * is signed inside it with one.
 */
export function prestartHashingFor(argv: readonly string[]): void {
  const command = argv[2];
  if (command !== 'verify' && command !== 'sign') return;
  const args = argv.slice(3);
  const files = args.flatMap((arg) => {
    const stats = arg.startsWith('-') ? undefined : fileStats(arg);
    return stats ? [{ path: arg, stats }] : [];
  });
  const largest = files.reduce<(typeof files)[number] | undefined>(
    (best, file) => (best && best.stats.size >= file.stats.size ? best : file),
    undefined,
  );
  const size = largest?.stats.size ?? 0;
  if (!largest || size < (command === 'sign' ? PARALLEL_DIGESTS_MIN_BYTES : OFF_THREAD_MIN_BYTES)) return;
  // --json also gives the SHA-256: a large file's digests then run on two workers.
  const workers =
    command === 'sign'
      ? mayCarryEmbeddedSignature(headOf(largest.path))
        ? 1
        : 2
      : args.includes('--json') && size >= PARALLEL_DIGESTS_MIN_BYTES
        ? 2
        : 1;
  try {
    const passes = command === 'verify' ? guessedPasses(largest.path, args) : undefined;
    if (passes?.length === 1 && hashHere()) {
      startEarlyPassHere(largest.path, largest.stats, passes[0]!);
      return;
    }
    if (passes) {
      startEarlyPasses(largest.path, largest.stats, passes);
      return;
    }
    // A signed program's image hash starts now, before the signature, pkijs and the roots are loaded.
    const guess =
      command === 'verify' && workers === 1 && !args.includes('--json')
        ? earlyPlanFor(headOf(largest.path), size)
        : undefined;
    prestartHashWorker(workers);
    if (guess) startEarlyContent([startHashWorker()], largest.path, largest.stats, [guess]);
  } catch {
    // Left for the verification itself to report, with its own message.
    return;
  }
}

/**
 * Whether the launcher (scripts/cli-launcher.cjs) left the hash to this thread: it does for a file
 * with only a .minisig beside it, whose check is a few ms of this thread's work, and starts a
 * worker for the others (OpenPGP and Sigstore load tens of ms of library, which would delay a hash
 * on this thread).
 */
function hashHere(): boolean {
  const holder = globalThis as { [HASH_HERE]?: unknown };
  const here = holder[HASH_HERE] === true;
  delete holder[HASH_HERE];
  return here;
}

const HASH_HERE = Symbol.for('signet.launcher-hash-here');

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

function fileStats(path: string): Stats | undefined {
  try {
    const stats = statSync(path);
    return stats.isFile() ? stats : undefined;
  } catch {
    return undefined;
  }
}
