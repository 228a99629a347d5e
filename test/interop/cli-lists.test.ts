import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { minisignKeyPair as makeKeyPair } from '../helpers/minisign-keys';
import { run, signet } from '../helpers/run';
import { tempDir } from '../helpers/temp-dir';

// The CLI end to end on checksum lists (check, and verify finding a list), signify and OpenSSH
// signatures, and hash, against the real tools.

let dir: string;
let config: string;
const path = (name: string) => join(dir, name);
const minisignKeyPair = (name: string) => makeKeyPair(dir, name);

beforeAll(async () => {
  dir = await tempDir();
  config = join(dir, 'config');
  await mkdir(config);
});

describe('signet check and list discovery', () => {
  let listDir: string;
  let pub: string;

  beforeAll(async () => {
    listDir = join(dir, 'release');
    await mkdir(listDir);
    const keys = await minisignKeyPair('lists');
    pub = keys.pub;
    for (const name of ['a.bin', 'b bin with spaces.bin', 'c.bin']) {
      await writeFile(join(listDir, name), `content of ${name}\n`);
    }
    const sums = await run('sh', ['-c', 'sha256sum -- *.bin > SHA256SUMS'], { cwd: listDir });
    expect(sums.status, sums.stderr).toBe(0);
    const signed = await run('minisign', ['-S', '-W', '-s', keys.sec, '-m', join(listDir, 'SHA256SUMS')]);
    expect(signed.status, signed.stderr).toBe(0);
  });

  it('checks every listed file (exit 0) and prints sha256sum-like lines', async () => {
    const r = await signet(['check', join(listDir, 'SHA256SUMS'), '--pubkey', pub], config);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('a.bin: OK');
    expect(r.stdout).toContain('b bin with spaces.bin: OK');
  });

  it('verify finds the signed list beside an artifact that has no signature of its own', async () => {
    const r = await signet(['verify', join(listDir, 'c.bin'), '--pubkey', pub, '--json'], config);
    expect(r.status, r.stdout).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ verdict: 'verified', format: 'checksum-list' });
  });

  it('a changed listed file fails the check (exit 1) and verify says tampered', async () => {
    await writeFile(join(listDir, 'c.bin'), 'changed\n');
    const r = await signet(['check', join(listDir, 'SHA256SUMS'), '--pubkey', pub, '--json'], config);
    expect(r.status).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.verdict).toBe('tampered');
    expect(json.entries.find((e: { name: string }) => e.name === 'c.bin').status).toBe('mismatch');
    const v = await signet(['verify', join(listDir, 'c.bin'), '--pubkey', pub, '--json'], config);
    expect(JSON.parse(v.stdout).verdict).toBe('tampered');
    await writeFile(join(listDir, 'c.bin'), 'content of c.bin\n');
  });

  it('a missing listed file is reported, and fails only with --strict', async () => {
    const sub = join(dir, 'partial');
    await mkdir(sub);
    await writeFile(join(sub, 'SHA256SUMS'), await readFile(join(listDir, 'SHA256SUMS')));
    await writeFile(join(sub, 'SHA256SUMS.minisig'), await readFile(join(listDir, 'SHA256SUMS.minisig')));
    await writeFile(join(sub, 'a.bin'), 'content of a.bin\n');
    const loose = await signet(['check', join(sub, 'SHA256SUMS'), '--pubkey', pub, '--json'], config);
    expect(loose.status).toBe(0);
    expect(JSON.parse(loose.stdout).counts).toMatchObject({ ok: 1, missing: 2 });
    const strict = await signet(
      ['check', join(sub, 'SHA256SUMS'), '--pubkey', pub, '--strict', '--json'],
      config,
    );
    expect(strict.status).toBe(1);
  });

  it('refuses a signed list with an unsafe entry (exit 2) without reading outside the folder', async () => {
    const hostile = join(dir, 'hostile');
    await mkdir(hostile);
    const keys = await minisignKeyPair('hostile');
    await writeFile(join(hostile, 'ok.bin'), 'fine');
    const digest = (await run('sha256sum', [join(hostile, 'ok.bin')])).stdout.split(' ')[0];
    await writeFile(join(hostile, 'SHA256SUMS'), `${digest}  ok.bin\n${digest}  ../secret.txt\n`);
    expect(
      (await run('minisign', ['-S', '-W', '-s', keys.sec, '-m', join(hostile, 'SHA256SUMS')])).status,
    ).toBe(0);
    const r = await signet(['check', join(hostile, 'SHA256SUMS'), '--pubkey', keys.pub, '--json'], config);
    expect(r.status).toBe(2);
    expect(JSON.parse(r.stdout).verdict).toBe('malformed');
  });

  it('refuses a listed symlink that points outside the list folder', async () => {
    const linked = join(dir, 'linked');
    await mkdir(linked);
    const keys = await minisignKeyPair('linked');
    await writeFile(join(dir, 'outside.txt'), 'outside');
    await symlink(join(dir, 'outside.txt'), join(linked, 'escape.txt'));
    const sums = await run('sh', ['-c', 'sha256sum escape.txt > SHA256SUMS'], { cwd: linked });
    expect(sums.status).toBe(0);
    expect(
      (await run('minisign', ['-S', '-W', '-s', keys.sec, '-m', join(linked, 'SHA256SUMS')])).status,
    ).toBe(0);
    const r = await signet(['check', join(linked, 'SHA256SUMS'), '--pubkey', keys.pub, '--json'], config);
    expect(JSON.parse(r.stdout).verdict).toBe('malformed');
    expect(r.status).toBe(2);
  });
});

describe('signify and OpenSSH signatures through signet verify', () => {
  it('finds a signify embedded checksum list (SHA256.sig) beside the artifact', async () => {
    const rel = join(dir, 'signify-rel');
    await mkdir(rel);
    const keys = await run('signify-openbsd', [
      '-G',
      '-n',
      '-p',
      join(dir, 'sf.pub'),
      '-s',
      join(dir, 'sf.sec'),
    ]);
    expect(keys.status, keys.stderr).toBe(0);
    await writeFile(join(rel, 'tool.tgz'), 'signify release');
    expect((await run('sh', ['-c', 'sha256sum --tag tool.tgz > SHA256'], { cwd: rel })).status).toBe(0);
    const signed = await run('signify-openbsd', [
      '-S',
      '-e',
      '-s',
      join(dir, 'sf.sec'),
      '-m',
      join(rel, 'SHA256'),
      '-x',
      join(rel, 'SHA256.sig'),
    ]);
    expect(signed.status, signed.stderr).toBe(0);
    const ok = await signet(
      ['verify', join(rel, 'tool.tgz'), '--pubkey', join(dir, 'sf.pub'), '--json'],
      config,
    );
    expect(ok.status, ok.stdout).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ verdict: 'verified', format: 'checksum-list' });
    const check = await signet(['check', join(rel, 'SHA256.sig'), '--pubkey', join(dir, 'sf.pub')], config);
    expect(check.status, check.stdout).toBe(0);
    await writeFile(join(rel, 'tool.tgz'), 'signify release, altered');
    const bad = await signet(
      ['verify', join(rel, 'tool.tgz'), '--pubkey', join(dir, 'sf.pub'), '--json'],
      config,
    );
    expect(JSON.parse(bad.stdout).verdict).toBe('tampered');
  });

  it('verifies ssh-keygen -Y signatures against allowed_signers and checks the namespace', async () => {
    const key = join(dir, 'id_ed25519');
    expect(
      (await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'rel@example.org', '-f', key])).status,
    ).toBe(0);
    await writeFile(path('ssh-signed.txt'), 'signed with ssh');
    const sign = await run('ssh-keygen', ['-Y', 'sign', '-f', key, '-n', 'file', path('ssh-signed.txt')]);
    expect(sign.status, sign.stderr).toBe(0);
    const pubLine = (await readFile(`${key}.pub`, 'utf8')).trim();
    await writeFile(path('allowed_signers'), `release@example.org ${pubLine}\n`);
    const ok = await signet(
      [
        'verify',
        path('ssh-signed.txt'),
        '--allowed-signers',
        path('allowed_signers'),
        '--namespace',
        'file',
        '--json',
      ],
      config,
    );
    expect(ok.status, ok.stdout).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({
      verdict: 'verified',
      format: 'ssh',
      signerName: 'release@example.org',
    });
    const wrongNs = await signet(
      [
        'verify',
        path('ssh-signed.txt'),
        '--allowed-signers',
        path('allowed_signers'),
        '--namespace',
        'git',
        '--json',
      ],
      config,
    );
    expect(JSON.parse(wrongNs.stdout).verdict).toBe('tampered');
    await writeFile(path('ssh-signed.txt'), 'signed with ssh!');
    const tampered = await signet(
      ['verify', path('ssh-signed.txt'), '--allowed-signers', path('allowed_signers'), '--json'],
      config,
    );
    expect(JSON.parse(tampered.stdout).verdict).toBe('tampered');
  });
});

describe('signet hash', () => {
  it('prints the same lines as sha256sum', async () => {
    await writeFile(path('h1.bin'), Buffer.alloc(5_000_000, 1));
    await writeFile(path('h2.bin'), '');
    const ours = await signet(['hash', path('h1.bin'), path('h2.bin')], config);
    const theirs = await run('sha256sum', [path('h1.bin'), path('h2.bin')]);
    expect(ours.status).toBe(0);
    expect(ours.stdout).toBe(theirs.stdout);
  });

  it('reports an unreadable file with exit 2 and still hashes the rest', async () => {
    const r = await signet(['hash', path('h2.bin'), path('missing.bin'), '--json'], config);
    expect(r.status).toBe(2);
    const json = JSON.parse(r.stdout);
    expect(json.files[0].sha256).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(json.files[1].error).toContain('does not exist');
  });
});

describe('a signed list whose files are all absent', () => {
  it('says the list is signed but names none of the files here, not "No signature found"', async () => {
    const lonely = join(dir, 'lonely');
    await mkdir(lonely);
    const keys = await minisignKeyPair('lonely');
    await writeFile(join(lonely, 'gone.bin'), 'soon gone');
    expect(
      (await run('sh', ['-c', 'sha256sum gone.bin > SHA256SUMS && rm gone.bin'], { cwd: lonely })).status,
    ).toBe(0);
    expect(
      (await run('minisign', ['-S', '-W', '-s', keys.sec, '-m', join(lonely, 'SHA256SUMS')])).status,
    ).toBe(0);
    const r = await signet(['check', join(lonely, 'SHA256SUMS'), '--pubkey', keys.pub], config);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('The list is signed, but none of the files it names are here');
    expect(r.stdout).not.toContain('No signature found');
  });
});
