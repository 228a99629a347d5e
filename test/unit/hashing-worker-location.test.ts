import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { SignetError } from '../../electron/core/errors';
import { HashWorkerClient, HashWorkerStopped } from '../../electron/core/hashing/hash-worker-client';
import { locateHashWorker } from '../../electron/core/hashing/worker-location';

const dir = mkdtempSync(join(tmpdir(), 'signet-worker-location-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const existing =
  (...paths: string[]) =>
  (path: string) =>
    paths.includes(path);

describe('locateHashWorker', () => {
  it('finds the bundled worker beside the CLI and the app bundles', () => {
    const worker = '/opt/signet/dist/workers/hash-worker.cjs';
    for (const here of ['/opt/signet/dist/cli', '/opt/signet/dist/electron']) {
      expect(locateHashWorker({ here, env: {}, exists: existing(worker) })).toEqual({
        kind: 'bundle',
        file: worker,
      });
    }
  });

  it('prefers the unpacked copy of an Electron asar archive', () => {
    const unpacked = '/app/resources/app.asar.unpacked/dist/workers/hash-worker.cjs';
    const packed = '/app/resources/app.asar/dist/workers/hash-worker.cjs';
    const here = '/app/resources/app.asar/dist/electron';
    expect(locateHashWorker({ here, env: {}, exists: existing(unpacked, packed) }).file).toBe(unpacked);
    expect(locateHashWorker({ here, env: {}, exists: existing(packed) }).file).toBe(packed);
  });

  it('falls back to the TypeScript source when running from the source tree', () => {
    const here = '/repo/electron/core/hashing';
    expect(
      locateHashWorker({ here, env: {}, exists: existing('/repo/electron/workers/hash-worker.ts') }),
    ).toEqual({
      kind: 'source',
      file: '/repo/electron/workers/hash-worker.ts',
    });
  });

  it('finds the real source worker from this repository', () => {
    const located = locateHashWorker({ env: {} });
    expect(located).toEqual({ kind: 'source', file: resolve('electron/workers/hash-worker.ts') });
  });

  it('obeys SIGNET_HASH_WORKER, and says so plainly when it names nothing', () => {
    const file = '/elsewhere/hash-worker.cjs';
    expect(
      locateHashWorker({ here: '/x', env: { SIGNET_HASH_WORKER: file }, exists: existing(file) }),
    ).toEqual({
      kind: 'bundle',
      file,
    });
    expect(() =>
      locateHashWorker({ here: '/x', env: { SIGNET_HASH_WORKER: file }, exists: existing() }),
    ).toThrow(/SIGNET_HASH_WORKER names \/elsewhere\/hash-worker.cjs, which does not exist/);
  });

  it('explains a missing worker instead of failing obscurely', () => {
    expect(() => locateHashWorker({ here: '/nowhere/dist/cli', env: {}, exists: existing() })).toThrow(
      SignetError,
    );
    expect(() => locateHashWorker({ here: '/nowhere/dist/cli', env: {}, exists: existing() })).toThrow(
      /cannot find its hashing worker/,
    );
  });
});

describe('hash worker in a real bundle layout', () => {
  it('is found relative to the running bundle, not the working directory', async () => {
    const dist = join(dir, 'dist');
    const entry = join(dir, 'entry.ts');
    writeFileSync(
      entry,
      [
        `import { digestFileInWorker } from ${JSON.stringify(resolve('electron/core/hashing/digest-file-in-worker'))};`,
        `import { digestMany } from ${JSON.stringify(resolve('electron/core/hashing/digest-many'))};`,
        'const file = process.argv[2]!;',
        "digestFileInWorker(file, ['blake2b512', 'sha256']).then(async (d) => {",
        "  const many = await digestMany([file], 'sha256');",
        "  process.stdout.write(JSON.stringify({ blake: d.blake2b512!.toString('hex'), sha: d.sha256!.toString('hex'), many: (many.get(file) as Buffer).toString('hex') }));",
        '});',
      ].join('\n'),
    );
    const common = {
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      logLevel: 'silent',
    } as const;
    await build({ ...common, entryPoints: [entry], outfile: join(dist, 'cli', 'entry.cjs') });
    await build({
      ...common,
      entryPoints: [resolve('electron/workers/hash-worker.ts')],
      outfile: join(dist, 'workers', 'hash-worker.cjs'),
    });
    const content = randomBytes(3 * 1024 * 1024 + 1);
    const file = join(dir, 'artifact.bin');
    writeFileSync(file, content);
    const elsewhere = join(dir, 'elsewhere');
    mkdirSync(elsewhere);
    const env = { ...process.env };
    delete env.SIGNET_HASH_WORKER;
    delete env.NODE_OPTIONS;
    const output = execFileSync(process.execPath, [join(dist, 'cli', 'entry.cjs'), file], {
      cwd: elsewhere,
      env,
    });
    const sha = createHash('sha256').update(content).digest('hex');
    expect(JSON.parse(output.toString())).toEqual({
      blake: createHash('blake2b512').update(content).digest('hex'),
      sha,
      many: sha,
    });
  });

  it('fails pending work with HashWorkerStopped when the worker cannot start', async () => {
    const broken = join(dir, 'broken-worker.cjs');
    writeFileSync(broken, "throw new Error('boom');\n");
    const client = new HashWorkerClient(new Worker(broken));
    await expect(client.digest('/etc/hostname', ['sha256'])).rejects.toBeInstanceOf(HashWorkerStopped);
    await client.terminate();
  });
});
