import { execFileSync } from 'node:child_process';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { run, signet } from '../helpers/run';
import { tempDir } from '../helpers/temp-dir';

// A corpus of damaged and hostile inputs through the real CLI: each gets a plain answer and the
// malformed exit status (2), never a stack trace, never `verified`, and nothing is written.

let dir: string;
let config: string;
let pub: string;
let goodSig: string;

const STACK = /\n\s+at .+:\d+:\d+/;

beforeAll(async () => {
  dir = await tempDir();
  config = join(dir, 'config');
  await mkdir(config);
  pub = join(dir, 'k.pub');
  expect((await run('minisign', ['-G', '-W', '-p', pub, '-s', join(dir, 'k.key')])).status).toBe(0);
  await writeFile(join(dir, 'base.bin'), 'base artifact');
  expect(
    (await run('minisign', ['-S', '-W', '-s', join(dir, 'k.key'), '-m', join(dir, 'base.bin')])).status,
  ).toBe(0);
  goodSig = await readFile(join(dir, 'base.bin.minisig'), 'utf8');
});

function sigWithDecodedLine(mutate: (bytes: Buffer) => Buffer): string {
  const lines = goodSig.split('\n');
  const decoded = Buffer.from(lines[1] ?? '', 'base64');
  lines[1] = mutate(decoded).toString('base64');
  return lines.join('\n');
}

const corpus: Record<string, () => string | Buffer> = {
  empty: () => '',
  truncated: () => goodSig.slice(0, Math.floor(goodSig.length / 2)),
  'only the first line': () => `${goodSig.split('\n')[0]}\n`,
  garbage: () => Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 131 + 7) % 256)),
  'bad base64': () => goodSig.replace(/^(untrusted comment:[^\n]*\n)(.{10})/, '$1!!!!!!!!!!'),
  'wrong algorithm': () => sigWithDecodedLine((b) => Buffer.concat([Buffer.from('EX'), b.subarray(2)])),
  'short signature bytes': () => sigWithDecodedLine((b) => b.subarray(0, 40)),
  'long signature bytes': () => sigWithDecodedLine((b) => Buffer.concat([b, Buffer.alloc(8)])),
  'NUL in trusted comment': () => goodSig.replace('trusted comment: ', 'trusted comment: \u0000'),
  'oversized (20 MiB)': () => Buffer.alloc(20 * 1024 * 1024, 0x41),
  'OpenPGP armor': () => '-----BEGIN PGP SIGNATURE-----\n\niQEz\n-----END PGP SIGNATURE-----\n',
  'SSH armor with garbage': () => '-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n-----END SSH SIGNATURE-----\n',
  'UTF-16 BOM': () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(goodSig, 'utf16le')]),
};

describe('signet verify on a corpus of bad signature files', () => {
  for (const [name, make] of Object.entries(corpus)) {
    it(`${name}: malformed, exit 2, plain reason`, async () => {
      const d = join(dir, name.replace(/[^a-z0-9]+/gi, '-'));
      await mkdir(d);
      await writeFile(join(d, 'app.bin'), 'base artifact');
      await writeFile(join(d, 'app.bin.minisig'), make());
      const r = await signet(['verify', join(d, 'app.bin'), '--pubkey', pub, '--json'], config);
      expect(r.status).toBe(2);
      const json = JSON.parse(r.stdout);
      expect(json.verdict).toBe('malformed');
      expect(json.reason).toMatch(/^app\.bin\.minisig: [A-Z]/);
      expect(r.stdout + r.stderr).not.toMatch(STACK);
    });
  }

  it('a signature that is a symlink to a device or a FIFO is refused, not read forever', async () => {
    const d = join(dir, 'special');
    await mkdir(d);
    await writeFile(join(d, 'a.bin'), 'x');
    await symlink('/dev/zero', join(d, 'a.bin.minisig'));
    const zero = await signet(['verify', join(d, 'a.bin'), '--pubkey', pub, '--json'], config);
    expect(zero.status).toBe(2);
    expect(JSON.parse(zero.stdout).reason).toContain('not a regular file');
    await writeFile(join(d, 'b.bin'), 'x');
    execFileSync('mkfifo', [join(d, 'b.bin.minisig')]);
    const fifo = await signet(['verify', join(d, 'b.bin'), '--pubkey', pub, '--json'], config);
    expect(fifo.status).toBe(2);
  });

  it('file names with odd Unicode (bidi override, NFD, emoji, newline) are handled and reported exactly', async () => {
    const d = join(dir, 'unicode');
    await mkdir(d);
    for (const name of ['invoice\u202Egpj.exe', 'cafe\u0301.bin', '📦 release.tar', 'new\nline.bin']) {
      await writeFile(join(d, name), 'base artifact');
      await writeFile(join(d, `${name}.minisig`), goodSig);
      const r = await signet(['verify', join(d, name), '--pubkey', pub, '--json'], config);
      expect(r.status, name).toBe(0);
      expect(JSON.parse(r.stdout).file).toBe(join(d, name));
    }
  });

  it('bad usage: unknown options, missing arguments, conflicting keys, unreadable key files', async () => {
    for (const args of [
      ['verify'],
      ['verify', 'x', '--bogus'],
      ['frobnicate'],
      ['verify', join(dir, 'base.bin'), '--pubkey', join(dir, 'nope.pub')],
      ['verify', join(dir, 'base.bin'), '--namespace', 'file'],
      ['check'],
      ['sign'],
      ['trust', 'add', pub],
    ]) {
      const r = await signet(args, config);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/^signet: /);
      expect(r.stderr).not.toMatch(STACK);
    }
  });

  it('a damaged public key given with --pubkey is malformed, not unknown-signer', async () => {
    await writeFile(join(dir, 'bad.pub'), 'untrusted comment: x\nRWQ=\n');
    const r = await signet(
      ['verify', join(dir, 'base.bin'), '--pubkey', join(dir, 'bad.pub'), '--json'],
      config,
    );
    expect(r.status).toBe(2);
    expect(JSON.parse(r.stdout).reason).toContain('public key you gave');
  });

  it('a damaged trust list is reported, and nothing overwrites it', async () => {
    const damagedConfig = join(dir, 'damaged-config');
    await mkdir(damagedConfig);
    await writeFile(join(damagedConfig, 'trusted-signers.json'), '{ not json');
    const add = await signet(['trust', 'add', pub, '--name', 'A'], damagedConfig);
    expect(add.status).toBe(2);
    expect(add.stderr).toContain('damaged');
    expect(await readFile(join(damagedConfig, 'trusted-signers.json'), 'utf8')).toBe('{ not json');
    const verify = await signet(['verify', join(dir, 'base.bin'), '--json'], damagedConfig);
    expect(JSON.parse(verify.stdout).verdict).not.toBe('verified');
  });
});

describe('human output', () => {
  it('shows hidden bidi and control characters in file names as visible escapes', async () => {
    const d = join(dir, 'spoof');
    await mkdir(d);
    const name = 'invoice\u202Egpj.exe';
    await writeFile(join(d, name), 'base artifact');
    await writeFile(join(d, `${name}.minisig`), goodSig);
    const r = await signet(['verify', join(d, name), '--pubkey', pub], config);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('invoice\\u{202E}gpj.exe');
    expect(r.stdout).not.toContain('\u202E');
  });
});
