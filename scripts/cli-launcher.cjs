#!/usr/bin/env node
// The `signet` command: runs the CLI bundle beside it with the V8 code cache the build wrote for it
// (Node 20 has no module.enableCompileCache). With the cache V8 neither parses nor compiles the
// ~1.4 MB bundle, which is most of a small file's start-up; a cache V8 rejects (another Node, other
// flags) or a missing one only makes it compile as usual. One CommonJS file, no ES module loader.
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { createRequire, wrap } = require('node:module');
const { Script } = require('node:vm');

// `signet verify` of a large file hashes it on a worker: started now, the worker's own start-up
// overlaps the bundle's, and electron/core/hashing/worker-location.ts takes it (LAUNCHER_WORKERS).
// --json past 64 MiB hashes SHA-256 beside the signature's hash on a second worker, started as well.
// 8 and 64 MiB are OFF_THREAD_MIN_BYTES and PARALLEL_DIGESTS_MIN_BYTES; a wrong guess costs an idle
// thread, which never keeps Node alive.
if (process.argv[2] === 'verify' && !process.env.SIGNET_HASH_WORKER) {
  const { statSync, existsSync } = require('node:fs');
  const worker = join(__dirname, '..', 'workers', 'hash-worker.cjs');
  const args = process.argv.slice(3);
  let size = 0;
  let largest;
  for (const arg of args) {
    try {
      const bytes = arg.startsWith('-') ? 0 : statSync(arg).size;
      if (bytes > size) [size, largest] = [bytes, arg];
    } catch {
      // Not a file: the verification words it.
    }
  }
  if (size >= 8 * 1024 * 1024 && existsSync(worker)) {
    if (hashHere(largest, args)) {
      // electron/cli/prestart-hashing.ts hashes it on this thread, if the signature agrees.
      globalThis[Symbol.for('signet.launcher-hash-here')] = true;
    } else {
      const count = args.includes('--json') && size >= 64 * 1024 * 1024 ? 2 : 1;
      // stdout/stderr true: by default the constructor makes this thread's process.stdout and
      // process.stderr (a pipe's loads node:net) before it starts the worker's thread, which delays
      // the hash. The hash worker prints nothing (its failures come back as messages).
      // trackUnmanagedFds as worker-location.ts: the early read's descriptor closes as the worker exits.
      globalThis[Symbol.for('signet.launcher-hash-workers')] = Array.from({ length: count }, () => {
        const started = new (require('node:worker_threads').Worker)(worker, {
          stdout: true,
          stderr: true,
          trackUnmanagedFds: true,
        });
        started.on('error', () => {});
        started.unref();
        return started;
      });
    }
    // Made once the bundle has run, while the file is hashed, rather than when the verdict is printed.
    setImmediate(() => process.stdout);
  }
}

/**
 * Whether `signet verify FILE` should hash on this thread, with no worker (issue 21): a file with a
 * .minisig beside it and no other signature, no --json (two digests), no signature named elsewhere.
 * Its check is a few ms of this thread's work, less than a worker's start. A wrong guess costs only
 * speed: the bundle starts a worker then (prestart-hashing.ts). The suffixes are
 * signatureSuffixes() of electron/core/formats/registry.ts (test/unit/cli-early-hash-here.test.ts).
 */
function hashHere(file, args) {
  const { existsSync } = require('node:fs');
  if (args.some((arg) => arg === '--json' || /^--(sig|bundle)(=|$)/.test(arg))) return false;
  const others = ['.asc', '.sig', '.gpg', '.sign', '.sigstore.json', '.sigstore', '.bundle'];
  return existsSync(`${file}.minisig`) && !others.some((suffix) => existsSync(`${file}${suffix}`));
}

const file = join(__dirname, 'signet-bundle.cjs');
// V8 reads all of a cache at start, so `signet sign` has its own, from signing runs
// (scripts/cli-code-cache.mjs), and every other command the one from `signet verify`.
let cachedData;
for (const cache of process.argv[2] === 'sign' ? ['sign-cache', 'cache'] : ['cache']) {
  try {
    cachedData = readFileSync(`${file}.${cache}`);
    break;
  } catch {
    // The next one, or compiled without it.
  }
}
// The build checks the bundle is ASCII, so latin1 reads it exactly and makes V8's cheaper one-byte string.
const script = new Script(wrap(readFileSync(file, 'latin1')), {
  filename: file,
  cachedData,
});
const bundle = { exports: {}, filename: file, id: '.', loaded: false };
script.runInThisContext().call(bundle.exports, bundle.exports, createRequire(file), bundle, file, __dirname);

// Once the loop is empty (every write, file handle and socket finished, so nothing is cut short, also
// where stdout is an asynchronous pipe), Node would still free its heap and environment object by
// object and join the idle hash worker: for `signet sign` of a 200 MB program 15-25 ms between the
// last card and the end (strace), which the kernel does at once when the process exits. So `sign`
// exits from its 'exit' event, after the listeners registered after this one.
if (process.argv[2] === 'sign') {
  process.on('exit', function exitWithoutTeardown(code) {
    const listeners = process.listeners('exit');
    for (const later of listeners.slice(listeners.indexOf(exitWithoutTeardown) + 1))
      later.call(process, code);
    process.exit(code);
  });
}
