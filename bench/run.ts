// `npm run bench`: Signet against the native tools on the same data, same machine, same run.
// Settings come from the environment; see the README's "Benchmark" section.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { build } from 'esbuild';
import type { AblationResult } from './ablation';
import { appRows } from './app-bench';
import { startBenchTsa } from './authenticode-sign-rows';
import { type BenchConfig, benchConfig } from './config';
import { type BenchData, prepareData, warmPageCache } from './data';
import type { EventLoopReport } from './event-loop';
import { floorCommand } from './floor';
import { type Command, measure, type Run } from './measure';
import { type Pair, pairs, trustBenchKey } from './pairs';
import { cpuPressure, describeMachine, RSS_LIMIT_KIB, renderReport } from './report';
import type { Row, RowId } from './rows';
import { keylessSignPairs } from './sigstore-sign-rows';
import { formatSize, median } from './sizes';
import { toolVersions } from './tools';

const log = (line: string) => process.stderr.write(`${line}\n`);

async function bundleHarnesses(
  config: BenchConfig,
  data: BenchData,
): Promise<{ eventLoop: string; ablation: string; app: string }> {
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
  const app = join(outDir, 'app-rows.cjs');
  await build({
    ...common,
    entryPoints: [join(config.repo, 'bench/app-rows.ts')],
    outfile: app,
    external: ['electron'],
    define: { 'import.meta.url': '__filename' },
  });
  return { eventLoop, ablation, app };
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
  trustBenchKey(config, data);
  log('Warming the page cache ...');
  warmPageCache([data.big, data.mid, data.small, data.list, ...listFiles(data)]);

  const keyless = await keylessSignPairs(config, data);
  const tsa = await startBenchTsa(data);
  const list = [...pairs(config, data, tsa.url), ...keyless.pairs].filter(
    (pair) => !config.rows || config.rows.some((wanted) => pair.id.includes(wanted)),
  );
  if (list.length === 0) throw new Error(`No row matches SIGNET_BENCH_ROWS=${config.rows?.join(',')}.`);
  const floors = new Map(list.map((p) => [p.id, p.floor ? floorCommand(data.dir, p.floor) : undefined]));
  const peaks = new Map<RowId, { signet: number | undefined; other: number | undefined }>();
  for (const pair of list) {
    // One untimed run of each side: it proves the commands work and do what the row says, warms
    // what a second run would find warm, and is the one run whose peak RSS is polled.
    const run = await measure({ ...pair.signet, captureStdout: true }, { pollRss: true });
    pair.check?.(run.stdout);
    const other = await measure(pair.other, { pollRss: true });
    peaks.set(pair.id, { signet: run.peakRssKiB, other: other.peakRssKiB });
  }
  for (const floor of floors.values()) if (floor) await measure(floor);
  const samples = new Map<RowId, Samples>(list.map((p) => [p.id, { signet: [], other: [], floor: [] }]));
  for (let round = 1; round <= config.rounds; round++) {
    log(`Round ${round} of ${config.rounds} ...`);
    for (const pair of list) await timePair(pair, floors.get(pair.id), round, samples.get(pair.id)!);
  }
  await keyless.close();
  const range = (runs: Run[]): [number, number] => [
    Math.min(...runs.map((r) => r.ms)),
    Math.max(...runs.map((r) => r.ms)),
  ];
  const signetMedian = (id: RowId) => {
    const runs = samples.get(id)?.signet;
    return runs && runs.length > 0 ? median(runs.map((r) => r.ms)) : undefined;
  };
  const rows: Row[] = list.map((pair) => {
    const runs = samples.get(pair.id)!;
    const signetMs = median(runs.signet.map((r) => r.ms));
    const otherMs = median(runs.other.map((r) => r.ms));
    const floorMs = runs.floor.length > 0 ? median(runs.floor.map((r) => r.ms)) : undefined;
    const ratio = signetMs / otherMs;
    return {
      id: pair.id,
      what: pair.what,
      signetMs,
      otherMs,
      signetRange: range(runs.signet),
      otherRange: range(runs.other),
      ratio,
      target: pair.target,
      ...goalMet(pair, ratio, signetMs, floorMs, signetMedian),
      ...(floorMs === undefined ? {} : { floorMs, floorRange: range(runs.floor) }),
      signetRssKiB: peaks.get(pair.id)?.signet,
      otherRssKiB: peaks.get(pair.id)?.other,
    };
  });
  if (config.rows) {
    // An iteration on a few rows: their table alone, none of the slower sections.
    const report = renderReport({
      config,
      machine,
      tools: toolVersions(),
      rows,
      pressure: { start: pressureAtStart, end: cpuPressure() },
      date: new Date(),
    });
    await tsa.close();
    writeFileSync(config.out, report);
    process.stdout.write(report);
    return;
  }

  log(`Peak RSS while hashing ${formatSize(config.rssSize)} ...`);
  warmPageCache([data.rssFile]);
  const hashPair = list.find((p) => p.id === 'SHA-256 (large)')!;
  const rssSignet = await measure(
    { ...hashPair.signet, args: [config.cli, 'hash', data.rssFile] },
    { pollRss: true },
  );
  const rssOther = await measure(
    { file: 'openssl', args: ['dgst', '-sha256', data.rssFile] },
    { pollRss: true },
  );
  const hashRow = rows.find((r) => r.id === 'SHA-256 (large)')!;
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

  log('The app: its main process with the real verify handlers ...');
  const app = await appRows(config, data, harness.app, worker);

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
    tools: toolVersions(),
    rows,
    rss: [
      {
        size: config.size,
        signetKiB: hashRow.signetRssKiB,
        otherKiB: hashRow.otherRssKiB,
      },
      { size: config.rssSize, signetKiB: rssSignet.peakRssKiB, otherKiB: rssOther.peakRssKiB },
    ],
    pressure: { start: pressureAtStart, end: cpuPressure() },
    eventLoop,
    app,
    ablation,
    date: new Date(),
  });
  await tsa.close();
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

/**
 * Times one run of each side. The side that goes first alternates from round to round (A B, B A,
 * ...), so neither tool always runs right after the other one's exit and whatever it left behind.
 */
interface Samples {
  signet: Run[];
  other: Run[];
  floor: Run[];
}

async function timePair(pair: Pair, floor: Command | undefined, round: number, runs: Samples): Promise<void> {
  const order: Array<[Command | undefined, Run[]]> = [
    [pair.signet, runs.signet],
    [pair.other, runs.other],
    [floor, runs.floor],
  ];
  if (round % 2 === 0) order.reverse();
  for (const [command, into] of order) if (command) into.push(await measure(command));
}

/** Whether a row met its target: the ratio to the other tool, or its goal (Pair.goal) when it has one. */
function goalMet(
  pair: Pair,
  ratio: number,
  signetMs: number,
  floorMs: number | undefined,
  signetMedian: (id: RowId) => number | undefined,
): { met: boolean; targetText?: string } {
  const goal = pair.goal;
  if (!goal) return { met: ratio <= pair.target };
  if ('overFloorMs' in goal) {
    return {
      met: floorMs !== undefined && signetMs - floorMs <= goal.overFloorMs,
      targetText: `floor + ${goal.overFloorMs} ms`,
    };
  }
  const base = signetMedian(goal.vsRow);
  return {
    met: base !== undefined && signetMs <= base * goal.ratio,
    targetText:
      base === undefined
        ? `<= ${goal.ratio.toFixed(2)}x ${goal.vsRow} (not run)`
        : `<= ${goal.ratio.toFixed(2)}x ${goal.vsRow} (${(signetMs / base).toFixed(2)}x)`,
  };
}

function listFiles(data: BenchData): string[] {
  return readdirSync(data.filesDir).map((name) => join(data.filesDir, name));
}

main().catch((error) => {
  log(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
