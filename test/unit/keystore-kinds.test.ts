import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SignetError } from '../../electron/core/errors';
import { Keystore, type NewKeyRecord } from '../../electron/core/keystore/keystore';
import { FAST_KDF, makeTempDir } from './minisign-fixtures';

// The keystore files other kinds' keys as their formats hand them over; it checks the record's
// ids and public half agree without loading any format, and never reads the key file's content.
const FINGERPRINT = 'A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4';
const THUMBPRINT = `0123456789ABCDEF${'AB'.repeat(24)}`;

const openpgpKey = (name = 'Release Bot'): NewKeyRecord => ({
  name,
  record: {
    id: FINGERPRINT.slice(-16),
    keyId: FINGERPRINT.slice(-16),
    kind: 'openpgp',
    fingerprint: FINGERPRINT,
    label: 'Release Bot <rb@example.org>',
    expiresAt: '2027-01-02T03:04:05.000Z',
    publicKey: '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nxjMEZ...\n-----END PGP PUBLIC KEY BLOCK-----\n',
  },
  keyFile: '-----BEGIN PGP PRIVATE KEY BLOCK-----\n(encrypted)\n-----END PGP PRIVATE KEY BLOCK-----\n',
});

const tokenCertificate: NewKeyRecord = {
  name: 'Contoso code signing',
  record: {
    id: THUMBPRINT.slice(0, 16),
    keyId: THUMBPRINT.slice(0, 16),
    kind: 'x509',
    fingerprint: THUMBPRINT,
    label: 'CN=Contoso Ltd, O=Contoso Ltd, C=GB',
    location: 'token',
    publicKey: '-----BEGIN CERTIFICATE-----\nMIIB...\n-----END CERTIFICATE-----\n',
  },
  keyFile: JSON.stringify({ module: '/usr/lib/softhsm/libsofthsm2.so', slot: 0, label: 'codesign' }),
};

let root: string;
let cleanup: () => void;
let store: Keystore;

beforeEach(() => {
  ({ dir: root, cleanup } = makeTempDir('keystore-kinds'));
  store = new Keystore(join(root, 'keys'), { now: () => new Date('2026-01-02T03:04:05.000Z') });
});
afterEach(() => cleanup());

describe('a keystore of several kinds', () => {
  it('files an OpenPGP key and a token certificate beside a minisign key, each 0600, and lists them all', async () => {
    const minisign = await store.create({ name: 'Minisign key', passphrase: 'pw', kdf: FAST_KDF });
    const openpgp = await store.add(openpgpKey());
    const token = await store.add(tokenCertificate);
    expect(minisign.kind).toBe('minisign');
    expect(openpgp).toMatchObject({ kind: 'openpgp', createdAt: '2026-01-02T03:04:05.000Z' });
    expect(token).toMatchObject({ kind: 'x509', location: 'token' });
    // Made in the same second: listed by name.
    expect(await store.list()).toEqual([token, minisign, openpgp]);
    for (const file of readdirSync(join(root, 'keys'))) {
      expect(statSync(join(root, 'keys', file)).mode & 0o777).toBe(0o600);
    }
    const { keyFile } = await store.readKeyFile(openpgp.id);
    expect(keyFile.toString()).toBe(openpgpKey().keyFile);
  });

  it('finds an OpenPGP key by fingerprint as gpg prints it, by long key id and by name', async () => {
    const openpgp = await store.add(openpgpKey());
    const spaced = FINGERPRINT.replace(/(.{4})/g, '$1 ')
      .trim()
      .toLowerCase();
    expect((await store.find(spaced)).id).toBe(openpgp.id);
    expect((await store.find(`0x${FINGERPRINT.slice(-16)}`)).id).toBe(openpgp.id);
    expect((await store.find('release bot')).id).toBe(openpgp.id);
  });

  it('finds a certificate by its thumbprint with colons, as openssl prints it', async () => {
    const token = await store.add(tokenCertificate);
    const colons = THUMBPRINT.match(/../g)!.join(':');
    expect((await store.find(colons)).id).toBe(token.id);
  });

  it('gives the public text as stored, and refuses to open it as a minisign key', async () => {
    const openpgp = await store.add(openpgpKey());
    expect(await store.publicKeyText(openpgp.id)).toBe(openpgpKey().record.publicKey);
    const error = await store.unlock(openpgp.id, 'pw').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignetError);
    expect(readFileSync(join(root, 'keys', `${openpgp.id}.key`), 'utf8')).toBe(openpgpKey().keyFile);
  });

  it('never files a second key under a name or id already taken', async () => {
    await store.add(openpgpKey());
    await expect(store.add(openpgpKey('Another name'))).rejects.toMatchObject({ kind: 'exists' });
    await expect(store.add({ ...tokenCertificate, name: 'release bot' })).rejects.toMatchObject({
      kind: 'exists',
    });
    expect((await store.list()).length).toBe(1);
  });

  it('rewrites a key and its record together when the person extends it', async () => {
    const openpgp = await store.add(openpgpKey());
    const updated = await store.rewrite(openpgp.id, {
      keyFile: 'new key file',
      publicKey: '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nnew\n-----END PGP PUBLIC KEY BLOCK-----\n',
      expiresAt: '2029-01-02T03:04:05.000Z',
    });
    expect(updated).toMatchObject({ name: 'Release Bot', expiresAt: '2029-01-02T03:04:05.000Z' });
    expect(await store.list()).toEqual([updated]);
    expect((await store.readKeyFile(openpgp.id)).keyFile.toString()).toBe('new key file');
  });

  it('hides a record whose ids and public half disagree, and reads version-1 minisign records', async () => {
    const openpgp = await store.add(openpgpKey());
    const recordPath = join(root, 'keys', `${openpgp.id}.json`);
    const record = JSON.parse(readFileSync(recordPath, 'utf8'));
    writeFileSync(recordPath, JSON.stringify({ ...record, fingerprint: 'F'.repeat(40) }));
    expect(await store.list()).toEqual([]);
    writeFileSync(recordPath, JSON.stringify({ ...record, unexpected: true }));
    expect(await store.list()).toEqual([]);

    const minisign = await store.create({ name: 'Old key', passphrase: 'pw', kdf: FAST_KDF });
    const minisignPath = join(root, 'keys', `${minisign.id}.json`);
    const { kind: _kind, ...version1 } = JSON.parse(readFileSync(minisignPath, 'utf8'));
    writeFileSync(minisignPath, JSON.stringify({ ...version1, version: 1 }));
    expect(await store.list()).toEqual([minisign]);
  });
});
