/**
 * How long the app's verify handler takes for a 1 MiB minisign-signed file: the first job in a fresh
 * process (cold: trust list, keystore and modules read for the first time) and the median of the
 * next 20 (warm). Run: `npm run build && tsx bench/app-verify-cold.ts [rounds]`; each round is a
 * fresh process, so module loading counts as it does when the app starts.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

async function child(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'signet-cold-'));
  const file = join(dir, 'setup-1mib.bin');
  writeFileSync(file, Buffer.alloc(1024 * 1024, 5));
  execFileSync('minisign', ['-G', '-W', '-p', join(dir, 'k.pub'), '-s', join(dir, 'k.key')]);
  execFileSync('minisign', ['-S', '-s', join(dir, 'k.key'), '-m', file]);
  const { readFileSync } = await import('node:fs');
  const start = performance.now();
  const { TrustStore } = await import('../electron/core/trust/trust-store');
  const { Keystore } = await import('../electron/core/keystore/keystore');
  const { GrantRegistry } = await import('../electron/main/grants/grant-registry');
  // SIGNET_BENCH_HANDLER=path: another version of the handler (main's, copied beside it) to compare.
  const { createVerifyHandlers } = (await import(
    process.env.SIGNET_BENCH_HANDLER ?? '../electron/main/handlers/verify-handlers'
  )) as typeof import('../electron/main/handlers/verify-handlers');
  const { JobRegistry } = await import('../electron/main/handlers/job-registry');
  const { VerdictMemory } = await import('../electron/main/handlers/verdict-memory');
  const { createWorkerHashing } = await import('../electron/main/worker-hashing');
  const trust = new TrustStore({ configDir: join(dir, 'config'), managedFile: join(dir, 'managed.json') });
  await trust.add({ keyText: readFileSync(join(dir, 'k.pub'), 'utf8'), name: 'Bench' });
  const grants = new GrantRegistry();
  grants.grant([file], 'dropped');
  const hashing = createWorkerHashing({
    kind: 'bundle',
    file: join(process.cwd(), 'dist/workers/hash-worker.cjs'),
  });
  const deps = {
    keystore: new Keystore(join(dir, 'keys')),
    trust,
    grants,
    emit: () => {},
  } as unknown as Parameters<typeof createVerifyHandlers>[0];
  const handlers = createVerifyHandlers(deps, new JobRegistry(), hashing, Date.now, new VerdictMemory());
  const loaded = performance.now();
  const times: number[] = [];
  for (let i = 0; i < 21; i++) {
    const t0 = performance.now();
    const { results } = await handlers.verifyFiles({ jobId: `j${i}`, files: [file] });
    times.push(performance.now() - t0);
    if (results[0]?.verdict !== 'verified') throw new Error(`not verified: ${results[0]?.reason}`);
  }
  const warm = times.slice(1).sort((a, b) => a - b)[10]!;
  process.stdout.write(JSON.stringify({ load: loaded - start, cold: times[0], warm }));
  process.exit(0);
}

function parent(): void {
  const rounds = Number(process.argv[2] ?? 5);
  const rows: { load: number; cold: number; warm: number }[] = [];
  for (let r = 0; r < rounds; r++) {
    const out = spawnSync(process.execPath, [...process.execArgv, __filename, 'child'], { encoding: 'utf8' });
    if (out.status !== 0) throw new Error(out.stderr);
    rows.push(JSON.parse(out.stdout));
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const f = (n: number) => `${n.toFixed(1)} ms`;
  console.log(
    `1 MiB minisign, app verify handler, ${rounds} fresh processes: cold first job ${f(median(rows.map((r) => r.cold)))}, warm ${f(median(rows.map((r) => r.warm)))}, module load ${f(median(rows.map((r) => r.load)))}`,
  );
}

if (process.argv[2] === 'child') void child();
else parent();
