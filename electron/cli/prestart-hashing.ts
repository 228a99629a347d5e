import { closeSync, existsSync, fstatSync, openSync, readSync, type Stats, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { earlyPassesOf, signatureSuffixes } from '../core/formats/registry';
import { OPEN_REGULAR_ONLY } from '../core/hashing/confined-path';
import { passesPlan } from '../core/hashing/content-plan';
import { startEarlyContent } from '../core/hashing/early-content';
import { OFF_THREAD_MIN_BYTES } from '../core/hashing/off-thread-threshold';
import { planCost } from '../core/hashing/plan-cost';
import { prestartHashWorker, startHashWorker } from '../core/hashing/worker-location';
import { PARALLEL_DIGESTS_MIN_BYTES } from '../core/limits';
import { checksumListNames } from '../core/verify/discover';

/** Enough of a signature file for its kind to name its hash (a Sigstore bundle is a few KiB of JSON). */
const SIGNATURE_HEAD_BYTES = 64 * 1024;

/**
 * `signet verify BIG-FILE` spends tens of milliseconds reading its code, signature and trust list
 * before the hash can start. When the one signature of the check says what it hashes, that hash
 * starts now on a worker (core/hashing/early-content.ts); otherwise the worker that will hash loads
 * meanwhile on the other core. Only a guess from the arguments and the signature's first bytes: a
 * wrong guess costs an idle or discarded thread, never an answer. `signet sign` of a large file
 * hashes BLAKE2b-512 and SHA-256 on two workers, started here as well.
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
  if (size < (command === 'sign' ? PARALLEL_DIGESTS_MIN_BYTES : OFF_THREAD_MIN_BYTES)) return;
  // --json also gives the SHA-256: a large file's digests then run on two workers.
  const workers =
    command === 'sign' || (args.includes('--json') && size >= PARALLEL_DIGESTS_MIN_BYTES) ? 2 : 1;
  try {
    const passes = command === 'verify' && largest ? guessedPasses(largest.path, args) : undefined;
    if (largest && passes) {
      // As the verification itself would: two hashes of a large file on two cores.
      const split = passes.length > 1 && size >= PARALLEL_DIGESTS_MIN_BYTES && availableParallelism() > 1;
      const groups = split ? lanesOf(passes) : [passes];
      prestartHashWorker(groups.length);
      startEarlyContent(
        groups.map(() => startHashWorker()),
        largest.path,
        largest.stats,
        groups,
      );
    } else prestartHashWorker(workers);
  } catch {
    // Left for the verification itself to report, with its own message.
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

/** Two groups of hashes of about equal cost (the costliest alone, when there are two or three). */
function lanesOf(passes: readonly string[]): string[][] {
  const lanes: string[][] = [[], []];
  const cost = (lane: readonly string[]) => planCost(passesPlan(lane));
  for (const pass of [...passes].sort((a, b) => cost([b]) - cost([a]))) {
    (cost(lanes[0]!) <= cost(lanes[1]!) ? lanes[0]! : lanes[1]!).push(pass);
  }
  return lanes;
}

/**
 * The hashes the check of `file` will need, when every signature in play says: the one given with
 * --sig or --bundle, or those beside the file with no checksum list in its folder; --json adds the
 * SHA-256 it prints.
 */
function guessedPasses(file: string, args: readonly string[]): string[] | undefined {
  if (args.includes('--help') || args.includes('-h')) return undefined;
  const given = ['--sig', '--bundle'].flatMap((flag) => {
    const at = args.indexOf(flag);
    const inline = args.find((arg) => arg.startsWith(`${flag}=`));
    if (inline) return [inline.slice(flag.length + 1)];
    return at >= 0 && args[at + 1] !== undefined ? [args[at + 1]!] : [];
  });
  let signatures: string[];
  if (given.length > 0) signatures = given.length === 1 ? given : [];
  else {
    const dir = dirname(file);
    if (checksumListNames().some((name) => existsSync(join(dir, name)))) return undefined;
    signatures = signatureSuffixes()
      .map((suffix) => `${file}${suffix}`)
      .filter((path) => existsSync(path));
  }
  if (signatures.length === 0) return undefined;
  const passes = new Set<string>(args.includes('--json') ? ['sha256'] : []);
  for (const signature of signatures) {
    const guessed = earlyPassesOf(headOf(signature));
    if (!guessed) return undefined;
    for (const pass of guessed) passes.add(pass);
  }
  return [...passes];
}

function headOf(path: string): Uint8Array {
  // Never blocks on a FIFO, and reads nothing but a regular file.
  const fd = openSync(path, OPEN_REGULAR_ONLY);
  try {
    if (!fstatSync(fd).isFile()) return new Uint8Array(0);
    const head = Buffer.alloc(SIGNATURE_HEAD_BYTES);
    return head.subarray(0, readSync(fd, head, 0, head.length, 0));
  } finally {
    closeSync(fd);
  }
}
