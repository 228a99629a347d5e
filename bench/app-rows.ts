// Bundled by bench/run.ts and run as its own process (issue 21, "The app"): the app's main process
// under Node with the real verify handlers, wired as bench/app-verify-cold.ts and the e2e harness
// wire them. Times, from the process's own start: the first verdict of a dropped 1 MiB file; then
// 100 dropped files of 1 MiB in one job; then the large file, while the event loop's delay is
// watched. Prints one JSON object (AppReport).
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { Keystore } from '../electron/core/keystore/keystore';
import { TrustStore } from '../electron/core/trust/trust-store';
import { GrantRegistry } from '../electron/main/grants/grant-registry';
import { JobRegistry } from '../electron/main/handlers/job-registry';
import { VerdictMemory } from '../electron/main/handlers/verdict-memory';
import { createVerifyHandlers } from '../electron/main/handlers/verify-handlers';
import { createWorkerHashing } from '../electron/main/worker-hashing';

export interface AppReport {
  /** From process start (performance.timeOrigin) to the first dropped file's verdict. */
  firstVerdictMs: number;
  manyFiles: number;
  manyMs: number;
  largeBytes: number;
  largeMs: number;
  delayP99Ms: number;
  delayMaxMs: number;
}

async function main(): Promise<void> {
  const [dir, publicKey, small, manyDir, manyCount, large, worker] = process.argv.slice(2);
  if (!dir || !publicKey || !small || !manyDir || !manyCount || !large || !worker)
    throw new Error('usage: app-rows.cjs DIR PUBLIC-KEY SMALL MANY-DIR COUNT LARGE WORKER');
  const trust = new TrustStore({ configDir: join(dir, 'config'), managedFile: join(dir, 'no-managed.json') });
  if ((await trust.list()).length === 0)
    await trust.add({ keyText: readFileSync(publicKey, 'utf8'), name: 'Bench' });
  const grants = new GrantRegistry();
  const many = Array.from({ length: Number(manyCount) }, (_, i) => join(manyDir, `file-${i}.bin`));
  grants.grant([small, large, ...many], 'dropped');
  const deps = {
    keystore: new Keystore(join(dir, 'keys')),
    trust,
    grants,
    emit: () => {},
  } as unknown as Parameters<typeof createVerifyHandlers>[0];
  const hashing = createWorkerHashing({ kind: 'bundle', file: worker });
  const handlers = createVerifyHandlers(deps, new JobRegistry(), hashing, Date.now, new VerdictMemory());
  const verify = async (jobId: string, files: string[]) => {
    const { results } = await handlers.verifyFiles({ jobId, files });
    const failed = results.find((r) => r.verdict !== 'verified');
    if (failed || results.length !== files.length) throw new Error(`not verified: ${failed?.reason}`);
  };
  await verify('first', [small]);
  const firstVerdictMs = performance.now();
  let t0 = performance.now();
  await verify('many', many);
  const manyMs = performance.now() - t0;
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  t0 = performance.now();
  await verify('large', [large]);
  const largeMs = performance.now() - t0;
  histogram.disable();
  const report: AppReport = {
    firstVerdictMs,
    manyFiles: many.length,
    manyMs,
    largeBytes: statSync(large).size,
    largeMs,
    delayP99Ms: histogram.percentile(99) / 1e6,
    delayMaxMs: histogram.max / 1e6,
  };
  process.stdout.write(JSON.stringify(report));
  process.exit(0);
}

main().catch((error) => {
  process.stderr.write(`app-rows: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
