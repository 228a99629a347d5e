import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a build script, plain JavaScript without types
import { lazyChildProcess, lazyWorkerThreads } from '../../scripts/lazy-child-process.mjs';
import { tempDir } from '../helpers/temp-dir';

let dir: string;
beforeAll(async () => {
  dir = await tempDir('signet-bundle-plugins-');
});

/** Bundles `source` as the CLI bundles its code, runs it in a fresh Node, and returns its output. */
async function bundleAndRun(
  source: string,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const entry = join(dir, `entry-${Math.random().toString(36).slice(2)}.ts`);
  writeFileSync(entry, source);
  const outfile = `${entry}.cjs`;
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    logLevel: 'silent',
    plugins: [lazyChildProcess(), lazyWorkerThreads()],
  });
  return spawnSync(process.execPath, [outfile], { encoding: 'utf8' });
}

describe("the CLI bundle's lazy Node modules (scripts/lazy-child-process.mjs)", () => {
  it('loads node:child_process on the first call only, and the call reaches the real function', async () => {
    const run = await bundleAndRun(`
import { execFileSync } from 'node:child_process';
const before = process.moduleLoadList.includes('NativeModule child_process');
const out = execFileSync(process.execPath, ['-e', 'process.stdout.write("child ran")'], { encoding: 'utf8' });
console.log(JSON.stringify({ before, out }));
`);
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ before: false, out: 'child ran' });
  });

  it('loads node:worker_threads on the first `new Worker`, which starts a real worker', async () => {
    const run = await bundleAndRun(`
import { Worker } from 'node:worker_threads';
const before = process.moduleLoadList.includes('NativeModule worker_threads');
const worker = new Worker('require("node:worker_threads").parentPort.postMessage("worker ran")', { eval: true });
worker.once('message', (message) => {
  console.log(JSON.stringify({ before, message, threadId: typeof worker.threadId }));
  void worker.terminate();
});
`);
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ before: false, message: 'worker ran', threadId: 'number' });
  });

  it('in the built CLI, each facade requires the real module, not itself', () => {
    // Resolved through the plugin again, the facade's own require() once returned the facade: a call
    // then called itself until the stack overflowed (the CLI's child_process facade on main).
    const bundle = readFileSync(resolve(__dirname, '../../dist/cli/signet-bundle.cjs'), 'latin1');
    expect(bundle).toContain('require("node:child_process")');
    expect(bundle).toContain('require("node:worker_threads")');
  });
});
