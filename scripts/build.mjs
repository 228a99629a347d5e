// Bundles every process's entry with esbuild: the sandboxed preload must be a single file, and
// bundles start faster than resolving modules at run time.
import { chmod, copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { build } from 'esbuild';
import { writeCliCodeCache, writeVendorCodeCache } from './cli-code-cache.mjs';
import { VENDOR_BUNDLES, vendorBundle, vendorImports } from './cli-vendor.mjs';
import { lazyChildProcess, lazyWorkerThreads } from './lazy-child-process.mjs';
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

// The packages the CLI's main bundle takes from each vendor bundle (scripts/cli-vendor.mjs).
const vendored = new Map();
const cli = {
  ...node,
  minify: true,
  // import() of Node's own modules becomes require(): the launcher's vm.Script has no ES module
  // loader to hand them to.
  supported: { 'dynamic-import': false },
};
const targets = [
  {
    // The CLI is one CommonJS bundle with no code run at load beyond commander's set-up: each command
    // and the libraries only it needs are wrapped by esbuild to run on first import(). It is started
    // by a small launcher with a V8 code cache written at build time (scripts/cli-launcher.cjs): 58
    // ES module chunks cost ~50 ms of resolving, linking and compiling on every `signet verify`.
    ...cli,
    entryPoints: ['electron/cli/signet.ts'],
    outfile: 'dist/cli/signet-bundle.cjs',
    plugins: [zodEnglishOnly(), lazyChildProcess(), lazyWorkerThreads(), vendorImports(vendored)],
  },
  { ...node, entryPoints: ['electron/workers/hash-worker.ts'], outfile: 'dist/workers/hash-worker.cjs' },
];

const appTargets =
  (process.env.SIGNET_BUILD_APP ?? '1') === '1'
    ? await import('./build-app.mjs').then((m) => m.appTargets(common, node))
    : [];

// Earlier builds' ES module chunks would be left beside the bundle.
await rm('dist/cli', { recursive: true, force: true });
await Promise.all([...targets, ...appTargets].map((options) => build(options)));
// After the main bundle, which names the packages it takes from them.
const vendorFiles = Object.keys(VENDOR_BUNDLES).map((name) => `dist/cli/${name}.cjs`);
await Promise.all(
  Object.keys(VENDOR_BUNDLES).map((name, index) => {
    const specifiers = vendored.get(name);
    if (!specifiers)
      throw new Error(`The CLI imports nothing of ${name}: scripts/cli-vendor.mjs is out of date.`);
    return build({
      ...cli,
      entryPoints: ['signet-vendor-entry'],
      outfile: vendorFiles[index],
      plugins: [zodEnglishOnly(), lazyChildProcess(), vendorBundle(specifiers)],
    });
  }),
);
await finishCli();
if (appTargets.length > 0) {
  await mkdir('dist/renderer', { recursive: true });
  await copyFile('renderer/index.html', 'dist/renderer/index.html');
  await copyFile('renderer/pinentry/pinentry.html', 'dist/renderer/pinentry.html');
}

/**
 * The launcher (the package's bin), an ES module door for `node dist/cli/signet.mjs`, and the code
 * cache. The launcher reads the bundle as latin1, exact only for ASCII (esbuild's default charset).
 */
async function finishCli() {
  const bundle = 'dist/cli/signet-bundle.cjs';
  for (const file of [bundle, ...vendorFiles]) {
    if ((await readFile(file)).some((byte) => byte > 0x7f)) throw new Error(`${file} is not ASCII.`);
  }
  await copyFile('scripts/cli-launcher.cjs', 'dist/cli/signet.cjs');
  await writeFile(
    'dist/cli/signet.mjs',
    "#!/usr/bin/env node\nimport { createRequire } from 'node:module';\n\ncreateRequire(import.meta.url)('./signet.cjs');\n",
  );
  await Promise.all([chmod('dist/cli/signet.cjs', 0o755), chmod('dist/cli/signet.mjs', 0o755)]);
  try {
    writeCliCodeCache(bundle);
    for (const file of vendorFiles) writeVendorCodeCache(file);
  } catch (error) {
    // The CLI works without it, only starts slower: a build elsewhere (another system, no temp
    // folder) is not failed for it.
    process.stderr.write(`build: no code cache for the CLI (${error.message})\n`);
  }
}
