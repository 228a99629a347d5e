// Bundled into the CLI by scripts/cli-vendor.mjs: loads each vendor bundle beside the CLI bundle once,
// with its code cache as the launcher (scripts/cli-launcher.cjs) loads the main one, and hands out
// its packages. `__dirname` is the CLI bundle's folder, dist/cli.
'use strict';
const loaded = new Map();

function loadVendor(name) {
  const { readFileSync } = require('node:fs');
  const { join } = require('node:path');
  const { createRequire, wrap } = require('node:module');
  const { Script } = require('node:vm');
  const file = join(__dirname, `${name}.cjs`);
  // `signet sign` has caches of its own, from signing runs, as the launcher chooses the main one's.
  let cachedData;
  for (const cache of process.argv[2] === 'sign' ? ['sign-cache', 'cache'] : ['cache']) {
    try {
      cachedData = readFileSync(`${file}.${cache}`);
      break;
    } catch {
      // The next one, or compiled without it.
    }
  }
  // ASCII, checked by the build, like the main bundle.
  const script = new Script(wrap(readFileSync(file, 'latin1')), { filename: file, cachedData });
  const bundle = { exports: {}, filename: file, id: file, loaded: false };
  script
    .runInThisContext()
    .call(bundle.exports, bundle.exports, createRequire(file), bundle, file, __dirname);
  // The build's signing runs (cli-code-cache.mjs) write each vendor bundle's sign cache from here.
  globalThis[Symbol.for('signet.vendor-scripts')]?.push({ file, script, packages: bundle.exports });
  return bundle.exports;
}

module.exports = function vendorPackage(bundle, specifier) {
  if (!loaded.has(bundle)) loaded.set(bundle, loadVendor(bundle));
  return loaded.get(bundle)[specifier]();
};
