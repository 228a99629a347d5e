import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SignetError } from '../../electron/core/errors';
import { TrustStore } from '../../electron/core/trust/trust-store';
import { run } from '../helpers/run';
import { tempDir } from '../helpers/temp-dir';

let dir: string;
let minisignPub: string;
let sshPub: string;

beforeAll(async () => {
  dir = await tempDir();
  expect(
    (await run('minisign', ['-G', '-W', '-p', join(dir, 'm.pub'), '-s', join(dir, 'm.key')])).status,
  ).toBe(0);
  minisignPub = await readFile(join(dir, 'm.pub'), 'utf8');
  expect(
    (
      await run('ssh-keygen', [
        '-q',
        '-t',
        'ed25519',
        '-N',
        '',
        '-C',
        'ops@example.org',
        '-f',
        join(dir, 'id'),
      ])
    ).status,
  ).toBe(0);
  sshPub = await readFile(join(dir, 'id.pub'), 'utf8');
});

const freshStore = async (name: string, managed?: object) => {
  const configDir = join(dir, name);
  await mkdir(configDir);
  const managedFile = join(configDir, 'managed.json');
  if (managed) await writeFile(managedFile, JSON.stringify(managed));
  return new TrustStore({ configDir, managedFile });
};

describe('TrustStore', () => {
  it('adds a minisign key file, a bare key string and an ssh key line, and lists them', async () => {
    const store = await freshStore('mixed');
    const a = await store.add({ keyText: minisignPub, name: 'Alice', note: 'release key' });
    expect(a.keyId).toMatch(/^[0-9A-F]{16}$/);
    // minisign prints the id without leading zeros (one key in sixteen); Signet shows all 16 digits.
    expect(a.keyId).toBe(/minisign public key ([0-9A-F]+)/.exec(minisignPub)?.[1]?.padStart(16, '0'));
    const s = await store.add({ keyText: sshPub, name: 'Ops' });
    expect(s.keyId).toMatch(/^SHA256:/);
    const fp = await run('ssh-keygen', ['-l', '-f', join(dir, 'id.pub')]);
    expect(fp.stdout).toContain(s.keyId);
    const list = await store.list();
    expect(list.map((x) => [x.name, x.kind, x.source])).toEqual([
      ['Alice', 'minisign', 'user'],
      ['Ops', 'ssh', 'user'],
    ]);
    const mode = (await stat(store.file)).mode & 0o777;
    expect(mode).toBe(0o600);
  });

  it('refuses the same key twice and keeps the first name', async () => {
    const store = await freshStore('dupe');
    await store.add({ keyText: minisignPub, name: 'First' });
    const bare = minisignPub.trim().split('\n')[1] ?? '';
    await expect(store.add({ keyText: bare, name: 'Second' })).rejects.toThrow(/already trusted as “First”/);
    expect((await store.list()).map((s) => s.name)).toEqual(['First']);
  });

  it('accepts one allowed_signers line and suggests nothing it was not told', async () => {
    const store = await freshStore('allowed');
    const line = `release@example.org namespaces="file" ${sshPub.trim()}`;
    const signer = await store.add({ keyText: line, name: 'Release bot' });
    expect(signer.kind).toBe('ssh');
  });

  it('rejects garbage with a FormatError and writes nothing', async () => {
    const store = await freshStore('garbage');
    for (const keyText of [
      '',
      'hello',
      'untrusted comment: x\n!!!!\n',
      'ssh-rsa AAAAB3NzaC1yc2E= x',
      'A'.repeat(30_000),
    ]) {
      await expect(store.add({ keyText, name: 'x' })).rejects.toBeInstanceOf(SignetError);
    }
    await expect(stat(store.file)).rejects.toThrow();
  });

  it('merges the managed list first, marks it managed and refuses to remove it', async () => {
    const user = await freshStore('seed');
    const managedSigner = await user.add({ keyText: minisignPub, name: 'Corp Release' });
    const { source: _source, ...stored } = managedSigner;
    const store = await freshStore('managed', { version: 1, signers: [stored] });
    await store.add({ keyText: sshPub, name: 'Mine' });
    const list = await store.list();
    expect(list.map((s) => [s.name, s.source])).toEqual([
      ['Corp Release', 'managed'],
      ['Mine', 'user'],
    ]);
    await expect(store.remove(managedSigner.keyId)).rejects.toThrow(/managed by your organisation/);
    await expect(store.add({ keyText: minisignPub, name: 'Again' })).rejects.toThrow(/already trusted/);
  });

  it('removes a user signer', async () => {
    const store = await freshStore('remove');
    const a = await store.add({ keyText: minisignPub, name: 'Alice' });
    await store.remove(a.keyId);
    expect(await store.list()).toEqual([]);
    await expect(store.remove(a.keyId)).rejects.toThrow(/No trusted signer/);
  });

  it('a damaged trust file is an error, never an empty list, and is left untouched', async () => {
    const store = await freshStore('damaged');
    await writeFile(store.file, '{"version":1,"signers":[{"keyId":');
    await expect(store.list()).rejects.toThrow(/damaged/);
    await expect(store.add({ keyText: minisignPub, name: 'A' })).rejects.toThrow(/damaged/);
    expect(await readFile(store.file, 'utf8')).toBe('{"version":1,"signers":[{"keyId":');
  });

  it('where the managed list allows no signers of the user own, only the managed ones count and adding is refused', async () => {
    const seed = await freshStore('policy-seed');
    const corp = await seed.add({ keyText: sshPub, name: 'Corp' });
    const { source: _source, ...stored } = corp;
    const store = await freshStore('policy', { version: 1, signers: [stored], allowUserSigners: false });
    await writeFile(
      store.file,
      JSON.stringify({
        version: 1,
        signers: [{ ...(await seed.list())[0], keyId: 'AAAAAAAAAAAAAAAA', name: 'Mine' }],
      }),
    );
    expect(await store.userMayAdd()).toBe(false);
    expect((await store.list()).map((s) => s.name)).toEqual(['Corp']);
    await expect(store.add({ keyText: minisignPub, name: 'Alice' })).rejects.toThrow(
      /Your organisation decides/,
    );
  });
});
