import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import { Worker } from 'node:worker_threads';
import { applicableOverrides, runContext } from '../config/overrides';
import { SignetError } from '../errors';

/** Where the hash worker's code is: the esbuild bundle, or (tests, tsx scripts) the TS source. */
export type HashWorkerEntry = { kind: 'bundle'; file: string } | { kind: 'source'; file: string };

export interface LocateOptions {
  /** The folder of the running code: dist/cli, dist/electron, or this source folder. */
  here?: string;
  env?: Record<string, string | undefined>;
  /** Whether this is a packaged app, where SIGNET_HASH_WORKER is ignored (default: the declared run context). */
  packaged?: boolean;
  exists?: (path: string) => boolean;
}

/**
 * Bundles sit side by side (dist/cli/signet.mjs, dist/electron/main.cjs, dist/workers/hash-worker.cjs),
 * so the worker is found from the running file's own folder, never from the working directory.
 * SIGNET_HASH_WORKER overrides the search in development and tests; a packaged app ignores it, since a
 * worker runs any JavaScript with full Node inside the main process.
 */
export function locateHashWorker(options: LocateOptions = {}): HashWorkerEntry {
  const here = options.here ?? __dirname;
  const env = options.env ?? process.env;
  const exists = options.exists ?? existsSync;
  const packaged = options.packaged ?? runContext().packaged;
  const override = applicableOverrides({ packaged }, env).hashWorker;
  if (override) {
    if (!exists(override)) {
      throw new SignetError('io', `SIGNET_HASH_WORKER names ${override}, which does not exist.`);
    }
    return { kind: override.endsWith('.ts') ? 'source' : 'bundle', file: override };
  }
  for (const file of bundleCandidates(here)) if (exists(file)) return { kind: 'bundle', file };
  const source = join(here, '..', '..', 'workers', 'hash-worker.ts');
  if (exists(source)) return { kind: 'source', file: source };
  throw new SignetError(
    'io',
    `Signet cannot find its hashing worker (hash-worker.cjs) near ${here}. Rebuild with "npm run build" or reinstall Signet.`,
  );
}

function bundleCandidates(here: string): string[] {
  const files = [join(here, '..', 'workers', 'hash-worker.cjs'), join(here, 'workers', 'hash-worker.cjs')];
  // Inside an Electron asar archive a worker must be loaded from the unpacked copy.
  const asar = `${sep}app.asar${sep}`;
  return files.flatMap((file) =>
    file.includes(asar) ? [file.replace(asar, `${sep}app.asar.unpacked${sep}`), file] : [file],
  );
}

let located: HashWorkerEntry | undefined;
const prestarted: Worker[] = [];

/** Where the CLI's launcher (scripts/cli-launcher.cjs) leaves the hash worker it started before the bundle loaded. */
const LAUNCHER_WORKERS = Symbol.for('signet.launcher-hash-workers');

function adoptLauncherWorkers(): void {
  const holder = globalThis as { [LAUNCHER_WORKERS]?: unknown };
  const workers = holder[LAUNCHER_WORKERS];
  delete holder[LAUNCHER_WORKERS];
  if (Array.isArray(workers)) prestarted.push(...(workers as Worker[]));
}

/**
 * Starts `count` default hash workers now, so their bundle loads on another core while the caller
 * does its own start-up; the next startHashWorker() calls take them. Unreferenced until taken: a
 * run that never needs them exits as if they had not been started.
 */
export function prestartHashWorker(count = 1): void {
  adoptLauncherWorkers();
  while (prestarted.length < count) {
    located ??= locateHashWorker();
    const worker = spawnHashWorker(located);
    worker.unref();
    prestarted.push(worker);
  }
}

/**
 * A default worker that finished its request cleanly, kept for the next startHashWorker() call
 * (signing hashes the file, then verifies what it wrote): unreferenced until taken again.
 */
export function releaseHashWorker(worker: Worker): void {
  worker.unref();
  prestarted.push(worker);
}

/**
 * Ends the workers kept for a next request (prestarted or released) when the caller knows none will
 * come: each one's teardown (its heap, its thread) then runs beside what the caller still does,
 * where at exit Node would wait for it. A later startHashWorker() starts a fresh one.
 */
export function stopIdleHashWorkers(): void {
  adoptLauncherWorkers();
  for (const worker of prestarted.splice(0)) void worker.terminate();
}

/** Starts one hash worker thread. TS sources run through tsx's require hook (dev and tests only). */
export function startHashWorker(entry?: HashWorkerEntry): Worker {
  if (!entry) adoptLauncherWorkers();
  const waiting = entry ? undefined : prestarted.shift();
  if (waiting) {
    waiting.ref();
    return waiting;
  }
  if (!entry) {
    located ??= locateHashWorker();
    entry = located;
  }
  return spawnHashWorker(entry);
}

/**
 * Node's default, spelled out because the early read relies on it (early-content.ts): a descriptor
 * the worker opened and handed over is closed when the worker exits, and only then.
 */
const WORKER_OPTIONS = { trackUnmanagedFds: true } as const;

function spawnHashWorker(entry: HashWorkerEntry): Worker {
  if (entry.kind === 'bundle') return new Worker(entry.file, WORKER_OPTIONS);
  const file = JSON.stringify(entry.file);
  const boot = [
    `const load = require('node:module').createRequire(${file});`,
    `load('tsx/cjs/api').register();`,
    `load(${file});`,
  ].join('\n');
  return new Worker(boot, { ...WORKER_OPTIONS, eval: true });
}
