import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppReport } from './app-rows';
import type { BenchConfig } from './config';
import type { BenchData } from './data';
import { measure } from './measure';
import { median } from './sizes';

/** The app rows' measurements (bench/app-rows.ts), medians over the rounds, beside the CLI's time for the large file. */
export interface AppRows {
  rounds: number;
  firstVerdictMs: number;
  nodeStartMs: number;
  manyFiles: number;
  manyMs: number;
  largeBytes: number;
  largeMs: number;
  cliLargeMs: number;
  delayP99Ms: number;
  delayMaxMs: number;
}

const MANY_FILES = 100;

/**
 * Data for the app rows (100 signed files of 1 MiB; the 4 GiB file signed by minisign), then
 * rounds of: the app harness in a fresh process, the CLI on the large file, and `node -e 0`.
 */
export async function appRows(
  config: BenchConfig,
  data: BenchData,
  harness: string,
  worker: string,
): Promise<AppRows> {
  const dir = join(data.dir, 'app');
  const manyDir = join(dir, 'many');
  mkdirSync(manyDir, { recursive: true });
  for (let i = 0; i < MANY_FILES; i++) {
    const file = join(manyDir, `file-${i}.bin`);
    if (existsSync(`${file}.minisig`)) continue;
    writeFileSync(file, Buffer.alloc(1024 * 1024, i));
    execFileSync('minisign', ['-S', '-s', data.secretKey, '-m', file], { stdio: 'ignore' });
  }
  const large = data.rssFile;
  if (!existsSync(`${large}.minisig`))
    execFileSync('minisign', ['-S', '-s', data.secretKey, '-m', large], { stdio: 'ignore' });
  const env = { ...process.env, NODE_OPTIONS: undefined, SIGNET_HASH_WORKER: worker };
  const app = {
    file: process.execPath,
    args: [harness, dir, data.publicKey, data.small, manyDir, String(MANY_FILES), large, worker],
    env,
    captureStdout: true,
  };
  const cli = {
    file: process.execPath,
    // --json: the CLI then also gives the SHA-256, as the app shows it; the same two digests.
    args: [config.cli, 'verify', large, '--json'],
    env: {
      ...env,
      SIGNET_CONFIG_DIR: join(data.dir, 'config'),
      SIGNET_MANAGED_TRUST_FILE: join(data.dir, 'no-managed-trust.json'),
    },
  };
  const node = { file: process.execPath, args: ['-e', '0'], env };
  await measure(app);
  const reports: AppReport[] = [];
  const cliMs: number[] = [];
  const nodeMs: number[] = [];
  const rounds = Math.min(config.rounds, 3);
  for (let round = 0; round < rounds; round++) {
    nodeMs.push((await measure(node)).ms);
    reports.push(JSON.parse((await measure(app)).stdout) as AppReport);
    cliMs.push((await measure(cli)).ms);
  }
  const of = (pick: (r: AppReport) => number) => median(reports.map(pick));
  return {
    rounds,
    firstVerdictMs: of((r) => r.firstVerdictMs),
    nodeStartMs: median(nodeMs),
    manyFiles: MANY_FILES,
    manyMs: of((r) => r.manyMs),
    largeBytes: reports[0]!.largeBytes,
    largeMs: of((r) => r.largeMs),
    cliLargeMs: median(cliMs),
    delayP99Ms: of((r) => r.delayP99Ms),
    delayMaxMs: of((r) => r.delayMaxMs),
  };
}
