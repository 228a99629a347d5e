import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ROW_IDS } from '../../bench/rows';

const repo = resolve(__dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'signet-bench-smoke-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('npm run bench (smoke: tiny sizes, one round)', () => {
  it('runs every comparison against the real tools and reports numeric ratios', {
    timeout: 300_000,
  }, async () => {
    // npm test builds before it runs the tests; the bench measures the built CLI.
    expect(existsSync(join(repo, 'dist/cli/signet.mjs')), 'dist/cli/signet.mjs (run npm run build)').toBe(
      true,
    );
    const out = join(dir, 'RESULTS.md');
    await promisify(execFile)(
      process.execPath,
      [join(repo, 'node_modules/tsx/dist/cli.mjs'), 'bench/run.ts'],
      {
        cwd: repo,
        env: {
          ...process.env,
          SIGNET_BENCH_SIZE: '8MiB',
          SIGNET_BENCH_MID_SIZE: '4MiB',
          SIGNET_BENCH_RSS_SIZE: '12MiB',
          SIGNET_BENCH_FILES: '30',
          SIGNET_BENCH_FILE_SIZE: '16KiB',
          SIGNET_BENCH_ROUNDS: '1',
          SIGNET_BENCH_ABLATION_ROUNDS: '1',
          SIGNET_BENCH_DATA: join(dir, 'data'),
          SIGNET_BENCH_OUT: out,
        },
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    const report = readFileSync(out, 'utf8');
    for (const id of ROW_IDS) {
      const row = new RegExp(
        `^\\| ${escapeRegExp(id)}: .*\\| (\\d+\\.\\d+)x \\| (?:<= \\d+\\.\\d+x[^|]*|floor \\+ \\d+ ms) \\| (yes|NO)(?: \\(contended\\))? \\|`,
        'm',
      ).exec(report);
      expect(row, `row "${id}"`).not.toBeNull();
      expect(Number.isFinite(Number(row![1])) && Number(row![1]) > 0, `ratio of "${id}"`).toBe(true);
    }
    expect(report).toMatch(/^- Machine: .+ \(family \S+ model \S+ stepping \S+, .+\), \d+ cores/m);
    expect(report).toMatch(/^- Compared: minisign .+, OpenSSL .+; Node's crypto is OpenSSL \d/m);
    // Every timed cell says its spread: median (fastest..slowest).
    expect(report).toMatch(
      /^\| verify: 4 MiB, .+ \| [\d.]+ m?s \([\d.]+ m?s\.\.[\d.]+ m?s\) \| [\d.]+ m?s \(/m,
    );
    // Each timed row has its floor (issue 21): the floor's time, Signet ÷ floor and Signet − floor.
    expect(report).toMatch(
      /^\| cold verify: .+ \| [\d.]+ m?s \([\d.]+ m?s\.\.[\d.]+ m?s\) \| \d+\.\d\dx \| -?\d+ ms \| [\d.]+ MB \|/m,
    );
    expect(report).toMatch(/^\| Event-loop delay p99 \| \d+\.\d ms \|/m);
    expect(report).toMatch(/^\| Progress events per second \| \d+\.\d \|/m);
    expect(report).toMatch(/^\| 12 MiB \| \d+\.\d MB \| \d+\.\d MB \|$/m);
    expect(report).toMatch(
      /^\| ring 4 x 1 MiB, reads overlapped \(digestFile now\) \| [\d.]+ m?s \| [\d.]+ m?s \| \d+\.\d\dx \|$/m,
    );
  });
});
