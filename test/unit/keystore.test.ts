import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SignetError } from '../../electron/core/errors';
import { MINISIGN_KDF_LIMITS } from '../../electron/core/formats/minisign/kdf';
import { parseMinisignPublicKey } from '../../electron/core/formats/minisign/public-key';
import {
  formatMinisignSecretKey,
  generateMinisignKeyPair,
  parseAndDecryptMinisignSecretKey,
  parseMinisignSecretKey,
} from '../../electron/core/formats/minisign/secret-key';
import {
  parseMinisignSignature,
  verifyMinisignSignature,
} from '../../electron/core/formats/minisign/signature';
import { Keystore } from '../../electron/core/keystore/keystore';
import { blake2b512, FAST_KDF, makeTempDir, signedText } from './minisign-fixtures';

let root: string;
let cleanup: () => void;
let storeDir: string;
let store: Keystore;

beforeEach(() => {
  ({ dir: root, cleanup } = makeTempDir('keystore'));
  storeDir = join(root, 'keys');
  store = new Keystore(storeDir, { now: () => new Date('2025-01-02T03:04:05.000Z') });
});
afterEach(() => cleanup());

const mode = (path: string) => statSync(path).mode & 0o777;

async function failure(promise: Promise<unknown>): Promise<SignetError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SignetError);
  return error as SignetError;
}

describe('Keystore', () => {
  it('creates a key: encrypted file 0600 and metadata 0600 in a 0700 folder, named by key id', async () => {
    const info = await store.create({ name: 'Release key', passphrase: 'pw one', kdf: FAST_KDF });
    expect(info).toMatchObject({ name: 'Release key', createdAt: '2025-01-02T03:04:05.000Z' });
    expect(info.id).toBe(info.keyId);
    expect(info.keyId).toMatch(/^[0-9A-F]{16}$/);
    expect(parseMinisignPublicKey(info.publicKey).keyId).toBe(info.keyId);
    expect(readdirSync(storeDir).sort()).toEqual([`${info.id}.json`, `${info.id}.key`]);
    expect(mode(storeDir)).toBe(0o700);
    expect(mode(join(storeDir, `${info.id}.key`))).toBe(0o600);
    expect(mode(join(storeDir, `${info.id}.json`))).toBe(0o600);
    const keyFile = readFileSync(join(storeDir, `${info.id}.key`), 'utf8');
    expect(parseMinisignSecretKey(keyFile)).toMatchObject({ encrypted: true, kdf: FAST_KDF });
    expect(await store.list()).toEqual([info]);
  });

  it('tightens an existing folder to 0700', async () => {
    const loose = new Keystore(root);
    await loose.create({ name: 'k', passphrase: 'pw', kdf: FAST_KDF });
    expect(mode(root)).toBe(0o700);
  });

  it('defaults to minisign’s own key-derivation limits', async () => {
    const info = await store.create({ name: 'Real limits', passphrase: 'pw' });
    const keyFile = readFileSync(join(storeDir, `${info.id}.key`), 'utf8');
    expect(parseMinisignSecretKey(keyFile).kdf).toEqual(MINISIGN_KDF_LIMITS);
  }, 60_000);

  it('unlocks with the right passphrase and says wrong-passphrase otherwise', async () => {
    const info = await store.create({ name: 'k', passphrase: 'right one', kdf: FAST_KDF });
    const key = await store.unlock(info.id, 'right one');
    const sig = parseMinisignSignature(signedText('data', key));
    expect(
      verifyMinisignSignature(sig, parseMinisignPublicKey(info.publicKey), {
        blake2b512: blake2b512('data'),
      }),
    ).toEqual({ ok: true });
    expect((await failure(store.unlock(info.id, 'wrong one'))).kind).toBe('wrong-passphrase');
  });

  it('keeps names unique, ignoring case and surrounding spaces', async () => {
    await store.create({ name: 'Work', passphrase: 'pw', kdf: FAST_KDF });
    expect((await failure(store.create({ name: ' work ', passphrase: 'pw', kdf: FAST_KDF }))).kind).toBe(
      'exists',
    );
    expect((await store.list()).map((k) => k.name)).toEqual(['Work']);
  });

  it('refuses empty names, control characters, and an empty passphrase', async () => {
    expect((await failure(store.create({ name: '   ', passphrase: 'pw', kdf: FAST_KDF }))).kind).toBe(
      'usage',
    );
    expect((await failure(store.create({ name: 'a\u202eb', passphrase: 'pw', kdf: FAST_KDF }))).kind).toBe(
      'usage',
    );
    expect((await failure(store.create({ name: 'ok', passphrase: '', kdf: FAST_KDF }))).kind).toBe('usage');
    expect(
      (await failure(store.create({ name: 'x'.repeat(101), passphrase: 'p', kdf: FAST_KDF }))).kind,
    ).toBe('usage');
  });

  it('gives the public key as a minisign .pub file', async () => {
    const info = await store.create({ name: 'k', passphrase: 'pw', kdf: FAST_KDF });
    const text = await store.publicKeyText(info.id);
    expect(text).toBe(`untrusted comment: minisign public key ${info.keyId}\n${info.publicKey}\n`);
  });

  it('imports an encrypted minisign key and re-encrypts it with a fresh salt', async () => {
    const key = generateMinisignKeyPair();
    const original = await formatMinisignSecretKey(key, 'import pw', FAST_KDF);
    const info = await store.importSecretKey({
      name: 'Imported',
      secretKeyText: original,
      passphrase: 'import pw',
      kdf: FAST_KDF,
    });
    const stored = readFileSync(join(storeDir, `${info.id}.key`), 'utf8');
    expect(stored).not.toBe(original);
    expect(await parseAndDecryptMinisignSecretKey(stored, 'import pw')).toEqual(key);
    expect(await store.unlock(info.id, 'import pw')).toEqual(key);
    expect(
      (
        await failure(
          store.importSecretKey({
            name: 'Again',
            secretKeyText: original,
            passphrase: 'import pw',
            kdf: FAST_KDF,
          }),
        )
      ).kind,
    ).toBe('exists');
  });

  it('imports an unencrypted key but stores it encrypted under the passphrase', async () => {
    const key = generateMinisignKeyPair();
    const info = await store.importSecretKey({
      name: 'Was plain',
      secretKeyText: await formatMinisignSecretKey(key, undefined),
      passphrase: 'new pw',
      kdf: FAST_KDF,
    });
    const stored = readFileSync(join(storeDir, `${info.id}.key`), 'utf8');
    expect(parseMinisignSecretKey(stored).encrypted).toBe(true);
    expect(await store.unlock(info.id, 'new pw')).toEqual(key);
  });

  it('refuses to import with the wrong passphrase and stores nothing', async () => {
    const text = await formatMinisignSecretKey(generateMinisignKeyPair(), 'secret', FAST_KDF);
    const error = await failure(
      store.importSecretKey({ name: 'x', secretKeyText: text, passphrase: 'guess', kdf: FAST_KDF }),
    );
    expect(error.kind).toBe('wrong-passphrase');
    expect(await store.list()).toEqual([]);
  });

  it('backs up the encrypted file byte for byte with mode 0600 and never overwrites', async () => {
    const info = await store.create({ name: 'k', passphrase: 'pw', kdf: FAST_KDF });
    const destination = join(root, 'backup.key');
    await store.backup(info.id, destination);
    expect(readFileSync(destination)).toEqual(readFileSync(join(storeDir, `${info.id}.key`)));
    expect(mode(destination)).toBe(0o600);
    writeFileSync(destination, 'precious');
    expect((await failure(store.backup(info.id, destination))).kind).toBe('exists');
    expect(readFileSync(destination, 'utf8')).toBe('precious');
  });

  it('removes a key only when the typed name matches exactly', async () => {
    const info = await store.create({ name: 'Old Key', passphrase: 'pw', kdf: FAST_KDF });
    expect((await failure(store.remove(info.id, 'old key'))).kind).toBe('usage');
    expect(await store.list()).toHaveLength(1);
    await store.remove(info.id, 'Old Key');
    expect(await store.list()).toEqual([]);
    expect(readdirSync(storeDir)).toEqual([]);
    expect((await failure(store.unlock(info.id, 'pw'))).kind).toBe('usage');
  });

  it('refuses ids that are not key ids, so no path can escape the folder', async () => {
    expect((await failure(store.unlock('../../etc/passwd', 'pw'))).kind).toBe('usage');
    expect((await failure(store.publicKeyText('0000000000000000'))).kind).toBe('usage');
  });

  it('lists keys oldest first and skips damaged or orphaned records', async () => {
    let clock = 0;
    const timed = new Keystore(storeDir, { now: () => new Date(Date.UTC(2025, 0, 1, 0, 0, clock++)) });
    const first = await timed.create({ name: 'first', passphrase: 'pw', kdf: FAST_KDF });
    const second = await timed.create({ name: 'second', passphrase: 'pw', kdf: FAST_KDF });
    const third = await timed.create({ name: 'third', passphrase: 'pw', kdf: FAST_KDF });
    writeFileSync(join(storeDir, `${second.id}.json`), '{ not json');
    writeFileSync(join(storeDir, `${third.id}.key`), '', { flag: 'w' });
    const json = JSON.parse(readFileSync(join(storeDir, `${third.id}.json`), 'utf8')) as Record<
      string,
      unknown
    >;
    writeFileSync(
      join(storeDir, 'FFFFFFFFFFFFFFFF.json'),
      JSON.stringify({ ...json, id: 'FFFFFFFFFFFFFFFF' }),
    );
    expect((await timed.list()).map((k) => k.name)).toEqual(['first', 'third']);
    // the damaged key file is found when it is used
    await expect(timed.unlock(third.id, 'pw')).rejects.toThrow(SignetError);
    expect(first.name).toBe('first');
  });

  it('serialises concurrent creates so two keys cannot take one name', async () => {
    const results = await Promise.allSettled([
      store.create({ name: 'same', passphrase: 'pw', kdf: FAST_KDF }),
      store.create({ name: 'same', passphrase: 'pw', kdf: FAST_KDF }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await store.list()).toHaveLength(1);
  });
});

describe('finding keys, backups and a new passphrase on import', () => {
  it('finds a key by key id or by its name, whatever the case', async () => {
    const key = await store.create({ name: 'Release key 2025', passphrase: 'pw one two', kdf: FAST_KDF });
    await expect(store.find(key.keyId.toLowerCase())).resolves.toMatchObject({ keyId: key.keyId });
    await expect(store.find('  release KEY 2025 ')).resolves.toMatchObject({ keyId: key.keyId });
    const missing = await failure(store.find('Nightly'));
    expect(missing.message).toBe(
      `No key in your keystore is called "Nightly". Your keys: "Release key 2025" (${key.keyId}).`,
    );
  });

  it('records a backup in the metadata only; the key file is untouched', async () => {
    const key = await store.create({ name: 'Backed', passphrase: 'pw one two', kdf: FAST_KDF });
    const keyFile = join(storeDir, `${key.id}.key`);
    const before = readFileSync(keyFile, 'utf8');
    const updated = await store.recordBackup(key.id, new Date('2025-02-03T04:05:06.000Z'));
    expect(updated.backedUpAt).toBe('2025-02-03T04:05:06.000Z');
    expect((await store.list())[0]?.backedUpAt).toBe('2025-02-03T04:05:06.000Z');
    expect(readFileSync(keyFile, 'utf8')).toBe(before);
    expect(mode(join(storeDir, `${key.id}.json`))).toBe(0o600);
  });

  it('asks for the new passphrase only once the file has opened, and stores the key under it', async () => {
    const pair = generateMinisignKeyPair();
    const text = await formatMinisignSecretKey(pair, 'old one', FAST_KDF);
    let asked = 0;
    const ask = async () => {
      asked += 1;
      return 'the new one here';
    };
    const wrong = await failure(
      store.importSecretKey({
        name: 'K',
        secretKeyText: text,
        passphrase: 'nope',
        newPassphrase: ask,
        kdf: FAST_KDF,
      }),
    );
    expect(wrong.kind).toBe('wrong-passphrase');
    expect(asked).toBe(0);
    const info = await store.importSecretKey({
      name: 'K',
      secretKeyText: text,
      passphrase: 'old one',
      newPassphrase: ask,
      kdf: FAST_KDF,
    });
    expect(asked).toBe(1);
    await expect(store.unlock(info.id, 'the new one here')).resolves.toBeDefined();
    expect((await failure(store.unlock(info.id, 'old one'))).kind).toBe('wrong-passphrase');
  });
});

describe('a retired key', () => {
  it('keeps its retirement in its record, and a damaged one hides nothing else', async () => {
    const old = await store.create({ name: 'Old', passphrase: 'pw one two three', kdf: FAST_KDF });
    const next = await store.create({ name: 'New', passphrase: 'pw four five six', kdf: FAST_KDF });
    const retired = { at: '2026-01-02T03:04:05.000Z', successorKeyId: next.keyId, reason: 'Yearly' };
    await expect(store.recordRetirement(old.id, retired)).resolves.toMatchObject({ retired });
    const listed = await store.list();
    expect(listed.find((k) => k.id === old.id)?.retired).toEqual(retired);
    expect(listed.find((k) => k.id === next.id)?.retired).toBeUndefined();
    // The secret key is untouched and still unlocks.
    await expect(store.unlock(old.id, 'pw one two three')).resolves.toBeDefined();
    // A record whose retirement names no key id is not a record Signet trusts.
    const file = join(storeDir, `${old.id}.json`);
    const record = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify({ ...record, retired: { ...retired, successorKeyId: 'nope' } }));
    expect((await store.list()).map((k) => k.id)).toEqual([next.id]);
  });
});
