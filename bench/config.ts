import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseSize } from './sizes';

/** Everything the bench can be told, from the environment (npm run bench passes no arguments). */
export interface BenchConfig {
  repo: string;
  /** The built bundles (npm run build): dist/cli/signet.mjs and dist/workers/hash-worker.cjs. */
  dist: string;
  cli: string;
  dataDir: string;
  out: string;
  /** The large file (1 GiB) and the mid-sized one (512 MiB, where start-up weighs more). */
  size: number;
  midSize: number;
  rssSize: number;
  files: number;
  fileSize: number;
  rounds: number;
  ablationRounds: number;
  /** SIGNET_BENCH_ROWS=verify,cold: only the rows whose id contains one of these, and no other section. */
  rows: string[] | undefined;
}

export function benchConfig(env: Record<string, string | undefined> = process.env): BenchConfig {
  const repo = resolve(__dirname, '..');
  const count = (name: string, fallback: number) => {
    const value = env[name];
    if (value === undefined || value === '') return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number of at least 1.`);
    return n;
  };
  const size = (name: string, fallback: string) => parseSize(env[name] || fallback);
  // Seven rounds: the median of 7 is what the targets are stated for.
  const rounds = count('SIGNET_BENCH_ROUNDS', 7);
  const dist = resolve(env.SIGNET_BENCH_DIST || resolve(repo, 'dist'));
  const rows = env.SIGNET_BENCH_ROWS?.split(',')
    .map((row) => row.trim())
    .filter(Boolean);
  // A partial run never replaces the committed results unless told where to write.
  const dataDir = resolve(env.SIGNET_BENCH_DATA || resolve(repo, 'bench/data'));
  const defaultOut =
    rows && rows.length > 0 ? resolve(dataDir, 'RESULTS-partial.md') : resolve(repo, 'bench/RESULTS.md');
  return {
    repo,
    dist,
    // An older build (SIGNET_BENCH_DIST, to compare) has only the ES module entry.
    cli: existsSync(resolve(dist, 'cli/signet.cjs'))
      ? resolve(dist, 'cli/signet.cjs')
      : resolve(dist, 'cli/signet.mjs'),
    dataDir,
    out: resolve(env.SIGNET_BENCH_OUT || defaultOut),
    size: size('SIGNET_BENCH_SIZE', '1GiB'),
    midSize: size('SIGNET_BENCH_MID_SIZE', '512MiB'),
    rssSize: size('SIGNET_BENCH_RSS_SIZE', '4GiB'),
    files: count('SIGNET_BENCH_FILES', 5000),
    fileSize: size('SIGNET_BENCH_FILE_SIZE', '200KiB'),
    rounds,
    ablationRounds: count('SIGNET_BENCH_ABLATION_ROUNDS', Math.min(rounds, 3)),
    rows: rows && rows.length > 0 ? rows : undefined,
  };
}
