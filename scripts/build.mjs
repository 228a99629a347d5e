// Bundles every process's entry with esbuild: the sandboxed preload must be a single file, and
// bundles start faster than resolving modules at run time.
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { build } from 'esbuild';
import { zodEnglishOnly } from './zod-english-only.mjs';

const production = process.env.NODE_ENV === 'production';
const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  legalComments: 'none',
};
// openpgp.js ships only as an ES module that calls createRequire(import.meta.url): in a CommonJS
// bundle (main process, workers) it is given this file's path, which createRequire also takes.
const node = {
  ...common,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // pkcs11js is a native module: loaded from node_modules (app.asar.unpacked in the app) when a
  // hardware token is first used, never bundled.
  external: ['electron', 'pkcs11js'],
  define: { 'import.meta.url': '__filename' },
};

const targets = [
  {
    // The CLI is split into ES module chunks loaded on demand, so `signet verify` never parses the
    // schema library the trust list and keystore use (most of the code by size): start-up is most
    // of the time a small file takes. Chunks sit beside the entry, so the worker is found the same
    // way from every chunk (../workers/).
    ...node,
    format: 'esm',
    define: {},
    splitting: true,
    minify: true,
    entryPoints: { signet: 'electron/cli/signet.ts' },
    outdir: 'dist/cli',
    outExtension: { '.js': '.mjs' },
    chunkNames: '[name]-[hash]',
    plugins: [zodEnglishOnly()],
    banner: {
      js: [
        '#!/usr/bin/env node',
        // Bundled CommonJS dependencies call require(), and the core reads __dirname.
        "import { createRequire as __signetRequire } from 'node:module';",
        "import { fileURLToPath as __signetPath } from 'node:url';",
        "import { dirname as __signetDirname } from 'node:path';",
        'const require = __signetRequire(import.meta.url);',
        'const __filename = __signetPath(import.meta.url);',
        'const __dirname = __signetDirname(__filename);',
      ].join('\n'),
    },
  },
  { ...node, entryPoints: ['electron/workers/hash-worker.ts'], outfile: 'dist/workers/hash-worker.cjs' },
];

const appTargets =
  (process.env.SIGNET_BUILD_APP ?? '1') === '1'
    ? await import('./build-app.mjs').then((m) => m.appTargets(common, node))
    : [];

// Old CLI chunks would pile up under new hashes.
await rm('dist/cli', { recursive: true, force: true });
await Promise.all([...targets, ...appTargets].map((options) => build(options)));
if (appTargets.length > 0) {
  await mkdir('dist/renderer', { recursive: true });
  await copyFile('renderer/index.html', 'dist/renderer/index.html');
  await copyFile('renderer/pinentry/pinentry.html', 'dist/renderer/pinentry.html');
}
