// Writes the V8 code cache the CLI launcher (scripts/cli-launcher.cjs) hands to V8: the bundle is
// run once as a person would run it, `signet verify FILE` against a trust list (the command where
// start-up is most of the wait), and what V8 compiled on that run is saved beside the bundle.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Runs the launcher's own steps, plus writing the cache at exit (`node THIS BUNDLE ARGS...`). */
const WARM_RUNNER = `
const { writeFileSync } = require('node:fs');
const { createRequire, wrap } = require('node:module');
const { Script } = require('node:vm');
const file = process.argv[1];
const script = new Script(wrap(require('node:fs').readFileSync(file, 'latin1')), {
  filename: file,
});
process.once('exit', () => writeFileSync(file + '.cache', script.createCachedData()));
const bundle = { exports: {}, filename: file, id: '.', loaded: false };
script.runInThisContext().call(bundle.exports, bundle.exports, createRequire(file), bundle, file, require('node:path').dirname(file));
`;

/**
 * Loads the vendor bundle (scripts/cli-vendor.mjs), runs every package's module code, and writes
 * what V8 compiled (`node -e THIS BUNDLE`): no one command uses all of them, but their module code
 * is most of each one's start (cold openpgp ~45 ms of CPU from a compile-only cache, ~40 from this
 * one; pkijs with asn1js ~30 and ~19), and the commands' own functions compile as they run.
 */
const VENDOR_RUNNER = `
const { readFileSync, writeFileSync } = require('node:fs');
const { createRequire, wrap } = require('node:module');
const { Script } = require('node:vm');
const file = process.argv[1];
const script = new Script(wrap(readFileSync(file, 'latin1')), { filename: file });
const vendor = { exports: {}, filename: file, id: file, loaded: false };
script.runInThisContext().call(vendor.exports, vendor.exports, createRequire(file), vendor, file, require('node:path').dirname(file));
for (const load of Object.values(vendor.exports)) load();
writeFileSync(file + '.cache', script.createCachedData());
`;

export function writeVendorCodeCache(bundleFile) {
  const run = spawnSync(process.execPath, ['-e', VENDOR_RUNNER, resolve(bundleFile)], {
    env: { ...process.env, NODE_OPTIONS: '' },
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`the vendor code cache run failed:\n${run.stderr}`);
}

export function writeCliCodeCache(bundleFile) {
  const bundle = resolve(bundleFile);
  const dir = mkdtempSync(join(tmpdir(), 'signet-code-cache-'));
  try {
    const env = {
      ...process.env,
      NODE_OPTIONS: '',
      SIGNET_CONFIG_DIR: join(dir, 'config'),
      SIGNET_MANAGED_TRUST_FILE: join(dir, 'no-managed-trust.json'),
    };
    const cli = (...args) => {
      const run = spawnSync(process.execPath, [bundle, ...args], { env, cwd: dir, encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`signet ${args.join(' ')} failed:\n${run.stderr}`);
    };
    const keys = join(dir, 'keys');
    cli('keygen', '--out', keys, '--no-passphrase');
    const names = readdirSync(keys);
    const secret = join(
      keys,
      names.find((name) => name.endsWith('.key')),
    );
    const pub = join(
      keys,
      names.find((name) => name.endsWith('.pub')),
    );
    const file = join(dir, 'file.bin');
    writeFileSync(file, Buffer.alloc(1024 * 1024, 7));
    cli('sign', file, '--key', secret);
    cli('trust', 'add', pub, '--name', 'Build');
    const warm = spawnSync(process.execPath, ['-e', WARM_RUNNER, bundle, 'verify', file], {
      env,
      cwd: dir,
      encoding: 'utf8',
    });
    if (warm.status !== 0) throw new Error(`the code cache run failed:\n${warm.stderr}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
