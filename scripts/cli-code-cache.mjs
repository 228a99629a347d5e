// Writes the V8 code caches the CLI launcher (scripts/cli-launcher.cjs) hands to V8: the bundle is
// run as a person would run it, and what V8 compiled on those runs is saved beside the bundle.
// V8 reads a whole cache at start, so each holds only its commands' code: `.cache` from `signet
// verify FILE` against a trust list (the command where start-up is most of the wait), and
// `.sign-cache` for `signet sign` from a minisign signing and an Authenticode signing of a small
// Windows program with a throwaway code-signing certificate (PKCS#12, pkijs, the PE writer, the
// check after). The certificate is made with openssl; without it the sign cache has minisign's code.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Runs the launcher's own steps once per argument list in SIGNET_WARM_RUNS, each when the one
 * before has finished (the loop is empty), then writes SIGNET_WARM_CACHE at exit, and with
 * SIGNET_WARM_VENDOR_CACHE that name beside each vendor bundle the runs loaded (the vendor loader
 * hands them over), after running every package's module code in it as the vendor cache has it,
 * so a command the runs did not make (OpenPGP or Sigstore signing) finds what it found there; a run
 * that fails exits with its status and writes nothing (`node -e THIS BUNDLE`).
 */
const WARM_RUNNER = `
const { writeFileSync, readFileSync } = require('node:fs');
const { createRequire, wrap } = require('node:module');
const { Script } = require('node:vm');
const file = process.argv[1];
const runs = JSON.parse(process.env.SIGNET_WARM_RUNS);
const script = new Script(wrap(readFileSync(file, 'latin1')), { filename: file });
const vendors = (globalThis[Symbol.for('signet.vendor-scripts')] = []);
let next = 0;
const runNext = () => {
  process.argv = [process.argv[0], file, ...runs[next++]];
  const bundle = { exports: {}, filename: file, id: '.', loaded: false };
  script.runInThisContext().call(bundle.exports, bundle.exports, createRequire(file), bundle, file, require('node:path').dirname(file));
};
process.on('beforeExit', () => {
  if (!process.exitCode && next < runs.length) runNext();
});
process.once('exit', (code) => {
  if (code !== 0 || next !== runs.length) return;
  writeFileSync(process.env.SIGNET_WARM_CACHE, script.createCachedData());
  const vendorCache = process.env.SIGNET_WARM_VENDOR_CACHE;
  if (!vendorCache) return;
  for (const vendor of vendors) {
    for (const load of Object.values(vendor.packages)) load();
    writeFileSync(vendor.file + '.' + vendorCache, vendor.script.createCachedData());
  }
});
runNext();
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
    const warm = (cache, runs, vendorCache = '') => {
      const run = spawnSync(process.execPath, ['-e', WARM_RUNNER, bundle], {
        env: {
          ...env,
          SIGNET_WARM_RUNS: JSON.stringify(runs),
          SIGNET_WARM_CACHE: cache,
          SIGNET_WARM_VENDOR_CACHE: vendorCache,
        },
        cwd: dir,
        encoding: 'utf8',
      });
      if (run.status !== 0) throw new Error(`the code cache run failed:\n${run.stderr}`);
    };
    warm(`${bundle}.cache`, [['verify', file]]);
    try {
      warmSigning(dir, cli, secret, (runs) => warm(`${bundle}.sign-cache`, runs, 'sign-cache'));
    } catch (error) {
      // `signet sign` then starts with the verify cache, as it did before it had its own; the
      // vendor caches the build writes next must not be lost for it.
      process.stderr.write(`build: no sign cache for the CLI (${error.message})\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The sign caches: a minisign signing, then an Authenticode one when openssl can make a certificate. */
function warmSigning(dir, cli, secret, warmSignCache) {
  const other = join(dir, 'other.bin');
  writeFileSync(other, Buffer.alloc(1024 * 1024, 8));
  const signing = [['sign', other, '--key', secret]];
  const password = join(dir, 'password');
  writeFileSync(password, 'build only\n');
  if (throwawayCodeSigningPfx(dir, join(dir, 'codesign.pfx'), password)) {
    cli(
      'key',
      'import',
      join(dir, 'codesign.pfx'),
      '--name',
      'Build code signing',
      '--passphrase-file',
      password,
    );
    const program = join(dir, 'program.exe');
    writeFileSync(program, smallProgram());
    signing.push(['sign', '--key', 'Build code signing', '--passphrase-file', password, program]);
  }
  warmSignCache(signing);
}

/** A self-signed code-signing certificate and its key as PKCS#12; false when openssl cannot make one. */
function throwawayCodeSigningPfx(dir, pfx, password) {
  const key = join(dir, 'codesign.key');
  const cert = join(dir, 'codesign.pem');
  const openssl = (...args) => spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' }).status === 0;
  return (
    openssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '2',
      '-subj',
      '/CN=Signet build',
      '-addext',
      'keyUsage=critical,digitalSignature',
      '-addext',
      'extendedKeyUsage=codeSigning',
    ) && openssl('pkcs12', '-export', '-inkey', key, '-in', cert, '-out', pfx, '-passout', `file:${password}`)
  );
}

/**
 * The smallest program Signet signs: DOS and PE headers, a PE32+ optional header with its 16 data
 * directories, one 512-byte .text section. Never run; only signed.
 */
function smallProgram() {
  const file = Buffer.alloc(0x400);
  file.write('MZ', 0, 'latin1');
  file.writeUInt32LE(0x40, 0x3c);
  file.write('PE\0\0', 0x40, 'latin1');
  const coff = 0x44;
  file.writeUInt16LE(0x8664, coff);
  file.writeUInt16LE(1, coff + 2);
  file.writeUInt16LE(240, coff + 16);
  file.writeUInt16LE(0x22, coff + 18);
  const opt = coff + 20;
  file.writeUInt16LE(0x20b, opt);
  file.writeUInt32LE(0x200, opt + 4);
  file.writeUInt32LE(0x1000, opt + 16);
  file.writeUInt32LE(0x1000, opt + 20);
  file.writeBigUInt64LE(0x140000000n, opt + 24);
  file.writeUInt32LE(0x1000, opt + 32);
  file.writeUInt32LE(0x200, opt + 36);
  file.writeUInt16LE(6, opt + 40);
  file.writeUInt16LE(6, opt + 48);
  file.writeUInt32LE(0x2000, opt + 56);
  file.writeUInt32LE(0x200, opt + 60);
  file.writeUInt16LE(3, opt + 68);
  file.writeUInt16LE(0x8160, opt + 70);
  file.writeBigUInt64LE(0x100000n, opt + 72);
  file.writeBigUInt64LE(0x1000n, opt + 80);
  file.writeBigUInt64LE(0x100000n, opt + 88);
  file.writeBigUInt64LE(0x1000n, opt + 96);
  file.writeUInt32LE(16, opt + 108);
  const section = opt + 240;
  file.write('.text', section, 'latin1');
  file.writeUInt32LE(0x200, section + 8);
  file.writeUInt32LE(0x1000, section + 12);
  file.writeUInt32LE(0x200, section + 16);
  file.writeUInt32LE(0x200, section + 20);
  file.writeUInt32LE(0x60000020, section + 36);
  file.fill(0xc3, 0x200);
  return file;
}
