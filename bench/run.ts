// `npm run bench`: Signet against the native tools on the same data, same machine, same run.
// Settings come from the environment; see the README's "Benchmark" section.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { build } from 'esbuild';
import type { AblationResult } from './ablation';
import { type BenchConfig, benchConfig } from './config';
import { type BenchData, prepareData, TRUSTED_COMMENT, warmPageCache } from './data';
import type { EventLoopReport } from './event-loop';
import { type Command, measure, type Run } from './measure';
import { openpgpPairs } from './openpgp-rows';
import { cpuPressure, describeMachine, RSS_LIMIT_KIB, renderReport } from './report';
import type { Row, RowId } from './rows';
import { formatSize, median } from './sizes';

const log = (line: string) => process.stderr.write(`${line}\n`);

interface Pair {
  id: RowId;
  what: string;
  target: number;
  signet: Command;
  other: Command;
  /** Checks a captured run of the Signet command really did the work the row claims. */
  check?: (stdout: string) => void;
}

function signetEnv(data: BenchData): Record<string, string | undefined> {
  // An empty config folder and no managed trust list: the runs never read the user's own state.
  return {
    ...process.env,
    NODE_OPTIONS: undefined,
    SIGNET_CONFIG_DIR: join(data.dir, 'config'),
    SIGNET_MANAGED_TRUST_FILE: join(data.dir, 'no-managed-trust.json'),
  };
}

function pairs(config: BenchConfig, data: BenchData): Pair[] {
  const env = signetEnv(data);
  const signet = (args: string[], cwd?: string): Command => ({
    file: process.execPath,
    args: [config.cli, ...args],
    env,
    cwd,
  });
  const tool = (file: string, args: string[], cwd?: string): Command => ({ file, args, cwd });
  const size = formatSize(config.size);
  const verify = ['verify', data.big, '--sig', data.bigSig, '--pubkey', data.publicKey];
  const minisignVerify = tool('minisign', [
    '-V',
    '-q',
    '-p',
    data.publicKey,
    '-m',
    data.big,
    '-x',
    data.bigSig,
  ]);
  const expectedSha = execFileSync('openssl', ['dgst', '-sha256', '-r', data.big]).toString().slice(0, 64);
  return [
    {
      id: 'verify',
      what: `${size}, \`signet verify\` vs \`minisign -V\``,
      target: 1.1,
      signet: signet(verify),
      other: minisignVerify,
    },
    {
      id: 'verify + SHA-256',
      what: `${size}, \`signet verify --json\` (also gives the SHA-256, as the app shows it) vs \`minisign -V\``,
      target: 1.15,
      signet: signet([...verify, '--json']),
      other: minisignVerify,
      check: (stdout) => {
        if (!stdout.includes(expectedSha))
          throw new Error(`signet verify --json did not print the SHA-256 ${expectedSha}.`);
      },
    },
    {
      id: 'sign',
      what: `${size}, \`signet sign\` vs \`minisign -S\` (unencrypted key)`,
      target: 1.1,
      signet: signet([
        'sign',
        data.signTarget,
        '--key',
        data.secretKey,
        '--trusted-comment',
        TRUSTED_COMMENT,
        '--force',
      ]),
      other: tool('minisign', [
        '-S',
        '-s',
        data.secretKey,
        '-m',
        data.signTarget,
        '-x',
        `${data.signTarget}.minisig`,
        '-t',
        TRUSTED_COMMENT,
      ]),
    },
    {
      id: 'SHA-256',
      what: `${size}, \`signet hash\` vs \`openssl dgst -sha256\``,
      target: 1.1,
      signet: signet(['hash', data.big]),
      other: tool('openssl', ['dgst', '-sha256', data.big]),
      check: (stdout) => {
        if (!stdout.startsWith(expectedSha))
          throw new Error(`signet hash printed "${stdout.slice(0, 64)}", not ${expectedSha}.`);
      },
    },
    {
      id: 'check',
      what: `${config.files} files of ${formatSize(config.fileSize)}, \`signet check SHA256SUMS\` (signed list) vs \`sha256sum -c\``,
      target: 0.6,
      signet: signet(
        ['check', 'SHA256SUMS', '--sig', data.listSig, '--pubkey', data.publicKey],
        data.filesDir,
      ),
      other: tool('sha256sum', ['-c', 'SHA256SUMS'], data.filesDir),
    },
    {
      id: 'cold verify',
      what: '1 MiB, `signet verify` vs `node -e 0` (start-up)',
      target: 2.5,
      signet: signet(['verify', data.small, '--sig', data.smallSig, '--pubkey', data.publicKey]),
      other: tool(process.execPath, ['-e', '0']),
    },
    ...openpgpPairs(data, signet, size),
  ];
}

async function bundleHarnesses(
  config: BenchConfig,
  data: BenchData,
): Promise<{ eventLoop: string; ablation: string }> {
  const outDir = join(data.dir, 'harness');
  mkdirSync(outDir, { recursive: true });
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
  } as const;
  const eventLoop = join(outDir, 'event-loop.cjs');
  const ablation = join(outDir, 'ablation.cjs');
  await build({ ...common, entryPoints: [join(config.repo, 'bench/event-loop.ts')], outfile: eventLoop });
  await build({ ...common, entryPoints: [join(config.repo, 'bench/ablation.ts')], outfile: ablation });
  return { eventLoop, ablation };
}

async function main(): Promise<void> {
  const config = benchConfig();
  const machine = describeMachine();
  const pressureAtStart = cpuPressure();
  const worker = join(config.dist, 'workers/hash-worker.cjs');
  for (const built of [config.cli, worker]) {
    if (!existsSync(built))
      throw new Error(`${built} is missing: run "npm run build" first (npm run bench does).`);
  }
  const data = prepareData(config, log);
  const harness = await bundleHarnesses(config, data);
  const harnessEnv = { ...process.env, NODE_OPTIONS: undefined, SIGNET_HASH_WORKER: worker };
  log('Warming the page cache ...');
  warmPageCache([data.big, data.small, data.list, ...listFiles(data)]);

  const list = pairs(config, data);
  for (const pair of list) {
    // One untimed run of each side; it also proves the commands work and do what the row says.
    const run = await measure({ ...pair.signet, captureStdout: true });
    pair.check?.(run.stdout);
    await measure(pair.other);
  }
  const samples = new Map<RowId, { signet: Run[]; other: Run[] }>(
    list.map((p) => [p.id, { signet: [], other: [] }]),
  );
  for (let round = 1; round <= config.rounds; round++) {
    log(`Round ${round} of ${config.rounds} ...`);
    for (const pair of list) {
      const runs = samples.get(pair.id)!;
      runs.signet.push(await measure(pair.signet));
      runs.other.push(await measure(pair.other));
    }
  }
  const peak = (runs: Run[]) =>
    runs.some((r) => r.peakRssKiB !== undefined)
      ? Math.max(...runs.map((r) => r.peakRssKiB ?? 0))
      : undefined;
  const rows: Row[] = list.map((pair) => {
    const runs = samples.get(pair.id)!;
    const signetMs = median(runs.signet.map((r) => r.ms));
    const otherMs = median(runs.other.map((r) => r.ms));
    const ratio = signetMs / otherMs;
    return {
      id: pair.id,
      what: pair.what,
      signetMs,
      otherMs,
      ratio,
      target: pair.target,
      met: ratio <= pair.target,
      signetRssKiB: peak(runs.signet),
      otherRssKiB: peak(runs.other),
    };
  });

  log(`Peak RSS while hashing ${formatSize(config.rssSize)} ...`);
  warmPageCache([data.rssFile]);
  const hashPair = list.find((p) => p.id === 'SHA-256')!;
  const rssSignet = await measure({ ...hashPair.signet, args: [config.cli, 'hash', data.rssFile] });
  const rssOther = await measure({ file: 'openssl', args: ['dgst', '-sha256', data.rssFile] });
  const hashRow = rows.find((r) => r.id === 'SHA-256')!;
  const small = hashRow.signetRssKiB ?? 0;
  const large = rssSignet.peakRssKiB ?? 0;
  const rssRatio = small > 0 ? large / small : Number.POSITIVE_INFINITY;
  rows.push({
    id: 'peak RSS',
    what: `\`signet hash\` of ${formatSize(config.rssSize)} vs of ${formatSize(config.size)} (same memory at both sizes; each <= 150 MB)`,
    signetMs: 0,
    otherMs: 0,
    signetText: `${formatSize(config.rssSize)}: ${(large / 1024).toFixed(1)} MB`,
    otherText: `${formatSize(config.size)}: ${(small / 1024).toFixed(1)} MB`,
    ratio: rssRatio,
    target: 1.1,
    met: rssRatio <= 1.1 && large <= RSS_LIMIT_KIB && small <= RSS_LIMIT_KIB,
    signetRssKiB: large,
    otherRssKiB: small,
  });

  log('Event loop of a process hashing in workers ...');
  const eventLoop = JSON.parse(
    (
      await measure({
        file: process.execPath,
        args: [harness.eventLoop, data.big],
        env: harnessEnv,
        captureStdout: true,
      })
    ).stdout,
  ) as EventLoopReport;

  log('Engine ablation ...');
  const ablation = JSON.parse(
    (
      await measure({
        file: process.execPath,
        args: [harness.ablation, data.big, data.filesDir, String(config.ablationRounds), String(config.size)],
        env: harnessEnv,
        captureStdout: true,
      })
    ).stdout,
  ) as AblationResult[];

  const report = renderReport({
    config,
    machine,
    rows,
    rss: [
      {
        size: config.size,
        signetKiB: hashRow.signetRssKiB,
        otherKiB: rows.find((r) => r.id === 'SHA-256')!.otherRssKiB,
      },
      { size: config.rssSize, signetKiB: rssSignet.peakRssKiB, otherKiB: rssOther.peakRssKiB },
    ],
    pressure: { start: pressureAtStart, end: cpuPressure() },
    eventLoop,
    ablation,
    date: new Date(),
  });
  writeFileSync(config.out, report);
  formatIfInRepo(config);
  process.stdout.write(report);
  log(`\nWritten to ${config.out}`);
  const missed = rows.filter((r) => !r.met).map((r) => r.id);
  if (missed.length > 0) {
    log(`Targets missed: ${missed.join(', ')}`);
    if (process.env.SIGNET_BENCH_STRICT === '1') process.exitCode = 1;
  }
}

/** The repository's lint (Biome) also formats Markdown; keep the committed results clean for it. */
function formatIfInRepo(config: BenchConfig): void {
  const inside = relative(config.repo, config.out);
  if (inside.startsWith('..') || isAbsolute(inside)) return;
  try {
    execFileSync(
      process.execPath,
      [join(config.repo, 'node_modules/@biomejs/biome/bin/biome'), 'format', '--write', config.out],
      {
        cwd: config.repo,
        stdio: 'ignore',
      },
    );
  } catch {
    log(`Could not format ${config.out} with Biome; run "npx biome format --write ${inside}".`);
  }
}

function listFiles(data: BenchData): string[] {
  return readdirSync(data.filesDir).map((name) => join(data.filesDir, name));
}

main().catch((error) => {
  log(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
