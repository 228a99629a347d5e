import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { minisignKeyPair } from '../helpers/minisign-keys';
import { run, signet } from '../helpers/run';
import { tempDir } from '../helpers/temp-dir';

// A .minisig left from version 1.0 beside 1.1 (or picked by hand for the wrong file) whose signed
// comment names the other file is "for acme-1.0.exe", never "changed", never verified. Only a
// comment the trusted key signed counts: edited, it is never "for another file"; with no file named,
// it stays tampered.

let dir: string;
let config: string;
let key: { pub: string; sec: string };
const path = (name: string) => join(dir, name);

async function verify(args: string[]): Promise<{ status: number; verdict: string; reason: string }> {
  const r = await signet(['verify', ...args, '--pubkey', key.pub, '--json'], config);
  expect(r.stderr).toBe('');
  const answer = JSON.parse(r.stdout);
  return { status: r.status, verdict: answer.verdict, reason: answer.reason };
}

beforeAll(async () => {
  dir = await tempDir();
  config = path('config');
  key = await minisignKeyPair(dir, 'acme');
  await writeFile(path('acme-1.0.exe'), 'acme 1.0 installer\n'.repeat(300));
  await writeFile(path('acme-1.1.exe'), 'acme 1.1 installer\n'.repeat(300));
  // minisign's own default comment: timestamp:<seconds>\tfile:acme-1.0.exe\thashed
  const signed = await run('minisign', ['-S', '-W', '-s', key.sec, '-m', path('acme-1.0.exe')]);
  expect(signed.status, signed.stderr).toBe(0);
  expect(await readFile(path('acme-1.0.exe.minisig'), 'utf8')).toContain('\tfile:acme-1.0.exe');
});

describe('a minisign signature whose signed comment names another file', () => {
  it('verifies the file it names (the baseline)', async () => {
    expect((await verify([path('acme-1.0.exe')])).verdict).toBe('verified');
  });

  it('left beside version 1.1 under its name: "for acme-1.0.exe", not tampered, not verified', async () => {
    await copyFile(path('acme-1.0.exe.minisig'), path('acme-1.1.exe.minisig'));
    const r = await verify([path('acme-1.1.exe')]);
    expect(r.verdict).toBe('unknown-signer');
    expect(r.reason).toBe('This signature is for acme-1.0.exe, not for this file.');
    expect(r.status).toBe(1);
  });

  it('picked by hand with --sig for the wrong file: the same answer', async () => {
    const r = await verify([path('acme-1.1.exe'), '--sig', path('acme-1.0.exe.minisig')]);
    expect(r.verdict).toBe('unknown-signer');
    expect(r.reason).toBe('This signature is for acme-1.0.exe, not for this file.');
  });

  it('with a comment that names no file: tampered', async () => {
    const signed = await run('minisign', [
      '-S',
      '-W',
      '-s',
      key.sec,
      '-m',
      path('acme-1.0.exe'),
      '-x',
      path('plain.minisig'),
      '-t',
      'acme release 1.0',
    ]);
    expect(signed.status, signed.stderr).toBe(0);
    const r = await verify([path('acme-1.1.exe'), '--sig', path('plain.minisig')]);
    expect(r.verdict).toBe('tampered');
  });

  it('with the signed comment edited: never "for another file", since the trusted key did not say so', async () => {
    const original = await readFile(path('acme-1.0.exe.minisig'), 'utf8');
    for (const name of ['acme-1.1.exe', 'setup.exe']) {
      await writeFile(path('edited.minisig'), original.replace('file:acme-1.0.exe', `file:${name}`));
      // Over the bytes it signed, the key is proven by the file's half: the comment was changed.
      expect((await verify([path('acme-1.0.exe'), '--sig', path('edited.minisig')])).verdict, name).toBe(
        'tampered',
      );
      // Over other bytes neither half verifies, as for another key with the same key id: not
      // trusted, and not called changed (the key-id collision rule).
      const r = await verify([path('acme-1.1.exe'), '--sig', path('edited.minisig')]);
      expect(r.verdict, name).toBe('unknown-signer');
      expect(r.reason, name).not.toMatch(/This signature is for/);
    }
  });

  it('naming this very file, but over other bytes: tampered', async () => {
    await writeFile(path('acme-1.1.exe.bak'), await readFile(path('acme-1.1.exe')));
    const signed = await run('minisign', ['-S', '-W', '-s', key.sec, '-m', path('acme-1.1.exe')]);
    expect(signed.status, signed.stderr).toBe(0);
    await writeFile(path('acme-1.1.exe'), 'acme 1.1 installer, altered\n');
    const r = await verify([path('acme-1.1.exe')]);
    expect(r.verdict).toBe('tampered');
  });
});
