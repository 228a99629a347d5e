import { execFileSync } from 'node:child_process';
import { mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { minisignKeyPair } from '../helpers/minisign-keys';
import { CLI, type RunResult, run } from '../helpers/run';
import { tempDir } from '../helpers/temp-dir';

// Special files wherever the CLI takes a path: a FIFO with no writer, /dev/zero (never ends),
// /dev/null, a folder, a symlink to /dev/zero. Each must end at once with exit 2 and one plain
// sentence: no hang (coreutils `timeout` kills a stuck run), no stack trace, nothing written.

const LIMIT_SECONDS = 10;
const STACK = /\n\s+at .+:\d+:\d+/;

let dir: string;
let config: string;
let pub: string;
let sec: string;
let artifact: string;
const special: Record<string, string> = {};

/** The built CLI under `timeout`: a hang shows up as status 124/137 instead of a stuck test. */
async function signetWithin(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  const started = Date.now();
  const result = await run('timeout', ['-s', 'KILL', String(LIMIT_SECONDS), process.execPath, CLI, ...args], {
    env: {
      SIGNET_CONFIG_DIR: config,
      SIGNET_MANAGED_TRUST_FILE: join(config, 'managed-trust.json'),
      SIGNET_PASSPHRASE: 'not used',
      NO_COLOR: '1',
      ...env,
    },
  });
  expect(Date.now() - started, `${args.join(' ')} took too long`).toBeLessThan(LIMIT_SECONDS * 1000);
  return result;
}

beforeAll(async () => {
  dir = await tempDir('signet-special-');
  config = join(dir, 'config');
  await mkdir(config);
  ({ pub, sec } = await minisignKeyPair(dir, 'k'));
  artifact = join(dir, 'artifact.bin');
  await writeFile(artifact, 'release bytes');
  special.fifo = join(dir, 'a-fifo');
  execFileSync('mkfifo', [special.fifo]);
  special['/dev/zero'] = '/dev/zero';
  special['/dev/null'] = '/dev/null';
  special.folder = join(dir, 'a-folder');
  await mkdir(special.folder);
  special['symlink to /dev/zero'] = join(dir, 'zero-link');
  await symlink('/dev/zero', special['symlink to /dev/zero']);
});

/** Every place the CLI reads a path named on its command line. */
const SLOTS: Record<string, (path: string) => string[]> = {
  '--pubkey': (p) => ['verify', artifact, '--pubkey', p],
  '--allowed-signers': (p) => ['verify', artifact, '--allowed-signers', p],
  '--sig': (p) => ['verify', artifact, '--sig', p, '--pubkey', pub],
  'file to verify': (p) => ['verify', p, '--pubkey', pub],
  'check LIST': (p) => ['check', p, '--pubkey', pub],
  '--key': (p) => ['sign', artifact, '--key', p],
  'file to sign': (p) => ['sign', p, '--key', sec],
  '--passphrase-file': (p) => ['keygen', '--out', join(dir, 'new-keys'), '--passphrase-file', p],
  'trust add': (p) => ['trust', 'add', p, '--name', 'Someone'],
  'file to hash': (p) => ['hash', p],
};

/** Where a device was read (or /dev/null signed) before: every device kind there, the rest elsewhere. */
const EVERY_KIND = new Set(['--pubkey', '--key', 'file to sign', 'file to hash', '--passphrase-file']);
const kindsFor = (slot: string) =>
  Object.entries(special).filter(
    ([kind]) => EVERY_KIND.has(slot) || !['/dev/zero', '/dev/null'].includes(kind),
  );

describe('special files are refused at once with exit 2 and a sentence', () => {
  for (const [slot, argsFor] of Object.entries(SLOTS)) {
    it(slot, async () => {
      const before = await readdir(dir);
      const configBefore = await readdir(config);
      const runs = kindsFor(slot).map(async ([kind, path]) => ({
        kind,
        r: await signetWithin(argsFor(path)),
      }));
      for (const { kind, r } of await Promise.all(runs)) {
        const said = `${slot} = ${kind}: ${r.stdout}${r.stderr}`;
        expect(r.status, said).toBe(2);
        expect(r.stdout + r.stderr, said).toMatch(
          /It is (a pipe \(FIFO\)|a device|a folder), not a regular file|is not a regular file/,
        );
        expect(r.stdout + r.stderr, said).not.toMatch(STACK);
        expect(r.stdout + r.stderr, said).not.toContain('Something went wrong');
      }
      expect(await readdir(dir)).toEqual(before);
      expect(await readdir(config)).toEqual(configBefore);
    });
  }

  it('a symlink to /dev/zero among files to sign stops the command before any file is signed', async () => {
    const r = await signetWithin(['sign', artifact, special['symlink to /dev/zero'] as string, '--key', sec]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/zero-link: It is a device, not a regular file.*Nothing was signed\./);
    expect(await readdir(dir)).not.toContain('artifact.bin.minisig');
  });

  it('hash reports a special file and still hashes the regular files beside it', async () => {
    const r = await signetWithin(['hash', special.fifo as string, artifact, special.folder as string]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe((await run('sha256sum', [artifact])).stdout);
    expect(r.stderr).toMatch(/a-fifo: It is a pipe \(FIFO\)/);
    expect(r.stderr).toMatch(/a-folder: It is a folder/);
  });
});

describe('errno answers are sentences, not "Something went wrong"', () => {
  const long = `${'x'.repeat(300)}.bin`; // one path component over NAME_MAX (255)

  it('a 300-byte file name component (ENAMETOOLONG) in every slot', async () => {
    const runs = Object.entries(SLOTS).map(async ([slot, argsFor]) => ({
      slot,
      r: await signetWithin(argsFor(join(dir, long))),
    }));
    for (const { slot, r } of await Promise.all(runs)) {
      const said = `${slot}: ${r.stdout}${r.stderr}`;
      expect(r.status, said).toBe(2);
      expect(r.stdout + r.stderr, said).toContain('The file name or path is too long');
      expect(r.stdout + r.stderr, said).not.toMatch(STACK);
    }
  });

  it('a symlink loop (ELOOP)', async () => {
    const loop = join(dir, 'loop');
    await symlink(loop, loop).catch(() => {});
    const r = await signetWithin(['verify', artifact, '--pubkey', loop]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Too many symbolic links');
  });
});
