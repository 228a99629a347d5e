import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ed25519Sign } from '../../electron/core/crypto/ed25519';
import { keyIdFromKeyNum } from '../../electron/core/formats/minisign/key-id';
import { formatMinisignPublicKey } from '../../electron/core/formats/minisign/public-key';
import {
  generateMinisignKeyPair,
  type MinisignSecretKey,
} from '../../electron/core/formats/minisign/secret-key';
import { armorSshSignature } from '../../electron/core/formats/sshsig/armor';
import { encodeSshSignatureBlob } from '../../electron/core/formats/sshsig/signature';
import { sshSignedData } from '../../electron/core/formats/sshsig/verify';
import { signFile } from '../../electron/core/sign/sign-file';
import { type TrustedSigner, TrustStore } from '../../electron/core/trust/trust-store';
import { verifyArtifact } from '../../electron/core/verify/verify-artifact';
import { run } from '../helpers/run';
import { tempDir } from '../helpers/temp-dir';

let dir: string;
let sshPub: string;
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

beforeAll(async () => {
  dir = await tempDir('signet-trust-kinds-');
  expect(
    (await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'rel', '-f', join(dir, 'id')])).status,
  ).toBe(0);
  sshPub = (await readFile(join(dir, 'id.pub'), 'utf8')).trim();
});

async function store(name: string, managed?: object): Promise<TrustStore> {
  const configDir = join(dir, name);
  await mkdir(configDir, { recursive: true });
  const managedFile = join(configDir, 'managed.json');
  if (managed) await writeFile(managedFile, JSON.stringify(managed));
  return new TrustStore({ configDir, managedFile });
}

async function sshSign(file: string, namespace = 'file'): Promise<void> {
  const result = await run('ssh-keygen', ['-q', '-Y', 'sign', '-f', join(dir, 'id'), '-n', namespace, file]);
  expect(result.status).toBe(0);
}

const asEntry = (key: MinisignSecretKey, name: string, source: 'user' | 'managed'): TrustedSigner => ({
  kind: 'minisign',
  keyId: keyIdFromKeyNum(key.keyNum),
  name,
  publicKey: b64(key.publicKey),
  keyNum: b64(key.keyNum),
  addedAt: new Date(0).toISOString(),
  source,
});

describe('trust file version 2', () => {
  it('reads a version 1 file as it is, and writes version 2 only on the next change', async () => {
    const key = generateMinisignKeyPair();
    const s = await store('v1');
    const v1 = {
      version: 1,
      signers: [
        {
          keyId: keyIdFromKeyNum(key.keyNum),
          name: 'Old Friend',
          kind: 'minisign',
          publicKey: b64(key.publicKey),
          keyNum: b64(key.keyNum),
          addedAt: '2025-01-01T00:00:00.000Z',
        },
      ],
    };
    const body = `${JSON.stringify(v1, null, 2)}\n`;
    await writeFile(s.file, body);
    const listed = await s.list();
    expect(listed).toMatchObject([{ name: 'Old Friend', kind: 'minisign', source: 'user' }]);
    expect(await readFile(s.file, 'utf8')).toBe(body);
    await s.add({ keyText: sshPub, name: 'Release SSH', addedFrom: '/home/me/Downloads/rel.pub' });
    const saved = JSON.parse(await readFile(s.file, 'utf8'));
    expect(saved.version).toBe(2);
    expect(saved.signers.map((x: { name: string }) => x.name)).toEqual(['Old Friend', 'Release SSH']);
    // Only the file's name is kept: where a key came from, not the person's folders.
    expect(saved.signers[1].addedFrom).toBe('rel.pub');
  });

  it('refuses names with control characters, with a sentence', async () => {
    const s = await store('names');
    await expect(s.add({ keyText: sshPub, name: 'Acme\u001b[31m Releases' })).rejects.toThrow(
      /control characters/,
    );
    await expect(s.add({ keyText: sshPub, name: 'invoice\u0085' })).rejects.toThrow(/control characters/);
  });
});

describe('an allowed_signers line keeps its restrictions', () => {
  it('keeps namespaces="git": a signature for files is then not vouched for', async () => {
    const s = await store('ns');
    const added = await s.add({ keyText: `rel@example.org namespaces="git" ${sshPub}`, name: 'Git Only' });
    expect(added).toMatchObject({ kind: 'ssh', namespaces: ['git'] });
    const file = join(dir, 'ns.bin');
    await writeFile(file, 'for files');
    await sshSign(file);
    const r = await verifyArtifact(file, { trusted: await s.list() });
    expect(r.verdict).toBe('unknown-signer');
    expect(r.reason).toMatch(/not to sign for this purpose/);
  });

  it('keeps valid-before: an expired line does not verify; a current window does', async () => {
    const expired = await store('expired');
    await expired.add({ keyText: `rel@example.org valid-before="20200101" ${sshPub}`, name: 'Expired' });
    const file = join(dir, 'window.bin');
    await writeFile(file, 'windowed');
    await sshSign(file);
    const r = await verifyArtifact(file, { trusted: await expired.list() });
    expect(r.verdict).toBe('unknown-signer');
    expect(r.reason).toMatch(/expired/);
    const current = await store('current');
    await current.add({
      keyText: `rel@example.org valid-after="20200101",valid-before="29991231",namespaces="file" ${sshPub}`,
      name: 'Current',
    });
    expect(await verifyArtifact(file, { trusted: await current.list() })).toMatchObject({
      verdict: 'verified',
      signerName: 'Current',
    });
    const early = await store('early');
    await early.add({ keyText: `rel@example.org valid-after="29990101" ${sshPub}`, name: 'Later' });
    expect((await verifyArtifact(file, { trusted: await early.list() })).verdict).toBe('unknown-signer');
  });

  it('refuses a cert-authority line with a sentence', async () => {
    const s = await store('ca');
    await expect(s.add({ keyText: `*@example.org cert-authority ${sshPub}`, name: 'CA' })).rejects.toThrow(
      /certificate authority.*does not check SSH certificates/,
    );
    expect(await s.list()).toEqual([]);
  });
});

describe('a key is trusted for its own format', () => {
  it('a minisign key never verifies an SSH signature made with the same Ed25519 key', async () => {
    const key = generateMinisignKeyPair();
    const file = join(dir, 'crossed.bin');
    const content = Buffer.from('chosen bytes');
    await writeFile(file, content);
    // The holder of a minisign/signify key signs SSHSIG's 96 chosen bytes with it.
    const digest = createHash('sha512').update(content).digest();
    const signature = ed25519Sign(sshSignedData('file', 'sha512', digest), key.seed);
    const blob = encodeSshSignatureBlob({
      publicKey: key.publicKey,
      namespace: 'file',
      reserved: new Uint8Array(0),
      hashAlgorithm: 'sha512',
      signature,
    });
    await writeFile(`${file}.sig`, armorSshSignature(blob));
    const r = await verifyArtifact(file, { trusted: [asEntry(key, 'Minisign Releases', 'user')] });
    expect(r.verdict).toBe('unknown-signer');
    expect(r.signerName).toBeUndefined();
    // The same key given as a minisign key on the command line is not an SSH key either.
    const given = await verifyArtifact(file, { publicKeyText: formatMinisignPublicKey(key) });
    expect(given.verdict).toBe('unknown-signer');
  });
});

describe('two managed keys with one key id', () => {
  it('tries each: a good signature by either is verified, never tampered', async () => {
    const first = generateMinisignKeyPair();
    const second = { ...generateMinisignKeyPair(), keyNum: first.keyNum };
    const trusted = [asEntry(first, 'Corp Old', 'managed'), asEntry(second, 'Corp New', 'managed')];
    for (const [key, name] of [
      [first, 'Corp Old'],
      [second, 'Corp New'],
    ] as const) {
      const file = join(dir, `same-id-${name.replace(' ', '-')}.bin`);
      await writeFile(file, name);
      await signFile(file, key);
      expect(await verifyArtifact(file, { trusted })).toMatchObject({
        verdict: 'verified',
        signerName: name,
      });
      await writeFile(file, `${name} changed`);
      expect((await verifyArtifact(file, { trusted })).verdict).toBe('tampered');
    }
  });
});

describe('where a trusted name came from', () => {
  it('is in the verdict: added when and from which file', async () => {
    const s = await store('from');
    const key = generateMinisignKeyPair();
    await s.add({ keyText: formatMinisignPublicKey(key), name: 'Acme', addedFrom: 'acme.pub' });
    const file = join(dir, 'from.bin');
    await writeFile(file, 'acme');
    await signFile(file, key);
    const r = await verifyArtifact(file, { trusted: await s.list() });
    expect(r.verdict).toBe('verified');
    expect(r.trustedFrom?.addedFrom).toBe('acme.pub');
    expect(Date.parse(r.trustedFrom?.addedAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
  });
});
