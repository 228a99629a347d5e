import { createHash, verify, X509Certificate } from 'node:crypto';
import { copyFile, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Pkcs11Binding } from '../../electron/core/formats/authenticode/pkcs11-binding';
import {
  addTokenKey,
  listTokenCertificates,
  openTokenSigningKey,
} from '../../electron/core/formats/code-signing-tokens';
import { Keystore } from '../../electron/core/keystore/keystore';
import { run, signet } from '../helpers/run';
import { anotherToken, importKey, SOFTHSM_MODULE, type SoftToken, softToken } from '../helpers/softhsm';
import { tempDir } from '../helpers/temp-dir';
import { CODE_SIGNING_EXTENSIONS, type Issued, issue, selfSigned } from '../helpers/x509-ca';

/**
 * Code-signing keys on a PKCS#11 token, against SoftHSM2: each test makes its own token (folder,
 * config, SOFTHSM2_CONF), puts keys and certificates on it with softhsm2-util and pkcs11-tool, and
 * removes it after.
 */
let dir: string;
let root: Issued;
let rsa: Issued;
let ec: Issued;
let plain: Issued;
let tokens: SoftToken[] = [];
let store: Keystore;
let count = 0;

beforeAll(async () => {
  dir = await tempDir('signet-pkcs11-');
  root = await selfSigned(dir, 'root', '/O=Token Test CA/CN=Token Test Root', { ca: true, key: 'ec' });
  rsa = await issue(dir, 'rsa', '/O=Token Maker Ltd/CN=Token Maker RSA', root, CODE_SIGNING_EXTENSIONS);
  ec = await issue(dir, 'ec', '/O=Token Maker Ltd/CN=Token Maker EC', root, CODE_SIGNING_EXTENSIONS, {
    key: 'ec',
  });
  plain = await issue(dir, 'plain', '/CN=Not For Code', root, [
    'basicConstraints=CA:false',
    'extendedKeyUsage=serverAuth',
  ]);
});

beforeEach(() => {
  store = new Keystore(join(dir, `keys-${count++}`));
});

afterEach(async () => {
  for (const token of tokens) await token.remove();
  tokens = [];
});

async function token(label = 'signet-test'): Promise<SoftToken> {
  const made = await softToken(dir, `${label}-${count++}`);
  tokens.push(made);
  return made;
}

const der = async (path: string) => new Uint8Array(new X509Certificate(await readFile(path)).raw);
const thumb = async (path: string) =>
  createHash('sha256')
    .update(await der(path))
    .digest('hex')
    .toUpperCase();

describe('keys on a PKCS#11 token', () => {
  it('remembers a token certificate in the keystore: its chain and where the key is, no PIN', async () => {
    const t = await token();
    await importKey(t, dir, rsa, rsa.cert, '01', 'codesign');
    await importKey(t, dir, undefined, root.cert, '99', 'root');
    const info = await addTokenKey(store, { module: SOFTHSM_MODULE });
    const fingerprint = await thumb(rsa.cert);
    expect(info).toMatchObject({
      kind: 'x509',
      location: 'token',
      name: 'Token Maker RSA',
      id: fingerprint.slice(0, 16),
      keyId: fingerprint.slice(0, 16),
      fingerprint,
      label: 'CN=Token Maker RSA, O=Token Maker Ltd',
      // Which token, as SoftHSM names itself: for people; the key file's pointer finds it.
      token: { label: t.label, manufacturer: 'SoftHSM project', model: 'SoftHSM v2' },
      expiresAt: new Date(new X509Certificate(await readFile(rsa.cert)).validTo).toISOString(),
    });
    // The chain as PEM, leaf first, the root found on the token after it.
    expect(info.publicKey).toBe(
      (await readFile(rsa.cert, 'latin1')) + (await readFile(root.cert, 'latin1')).replace(/\r/g, ''),
    );
    const { keyFile } = await store.readKeyFile(info.id);
    const pointer = JSON.parse(keyFile.toString());
    expect(pointer).toMatchObject({ module: SOFTHSM_MODULE, token: { tokenLabel: t.label }, objectId: '01' });
    for (const file of await readdir(store.dir)) {
      expect(await readFile(join(store.dir, file), 'utf8')).not.toContain(t.pin);
    }
  });

  it('signs through the token with RSA and ECDSA, each signature checked by Node against the certificate', async () => {
    const t = await token();
    await importKey(t, dir, rsa, rsa.cert, '01', 'rsa');
    await importKey(t, dir, ec, ec.cert, '02', 'ec');
    for (const [label, issued, algorithm] of [
      ['rsa', rsa, 'rsa'],
      ['ec', ec, 'ecdsa'],
    ] as const) {
      const info = await addTokenKey(store, { module: SOFTHSM_MODULE, objectLabel: label });
      const key = await openTokenSigningKey(store, info.id, t.pin);
      try {
        expect(key.algorithm).toBe(algorithm);
        expect(key.chain[0]).toEqual(await der(issued.cert));
        const data = new TextEncoder().encode(`signed attributes for ${label}`);
        const signature = await key.sign(data);
        const cert = new X509Certificate(await readFile(issued.cert));
        expect(verify('sha256', data, cert.publicKey, signature)).toBe(true);
        expect(verify('sha256', Buffer.from('something else'), cert.publicKey, signature)).toBe(false);
        // Two signatures asked at once take turns on the token's one session.
        const both = await Promise.all([key.sign(data), key.sign(data.subarray(1))]);
        expect(verify('sha256', data, cert.publicKey, both[0]!)).toBe(true);
        expect(verify('sha256', data.subarray(1), cert.publicKey, both[1]!)).toBe(true);
      } finally {
        await key.close();
      }
    }
  });

  it('lists the code-signing certificates and asks which one when there are several', async () => {
    const t = await token();
    await importKey(t, dir, rsa, rsa.cert, '01', 'rsa');
    await importKey(t, dir, ec, ec.cert, '02', 'ec');
    await importKey(t, dir, plain, plain.cert, '03', 'web');
    const listed = await listTokenCertificates(SOFTHSM_MODULE);
    expect(listed.map((c) => [c.objectLabel, c.subject, c.token])).toEqual([
      ['ec', 'CN=Token Maker EC, O=Token Maker Ltd', t.label],
      ['rsa', 'CN=Token Maker RSA, O=Token Maker Ltd', t.label],
    ]);
    await expect(addTokenKey(store, { module: SOFTHSM_MODULE })).rejects.toThrow(
      /several code-signing certificates/,
    );
    await expect(addTokenKey(store, { module: SOFTHSM_MODULE, objectLabel: 'web' })).rejects.toThrow(
      /matches the label "web"/,
    );
    expect(await store.list()).toEqual([]);
  });

  it('asks which token when two hold code-signing certificates, and takes the slot pkcs11-tool names', async () => {
    const first = await token();
    const second = await anotherToken(first, 'second-token');
    await importKey(first, dir, rsa, rsa.cert, '01', 'codesign');
    await importKey(second, dir, ec, ec.cert, '01', 'codesign');
    await expect(addTokenKey(store, { module: SOFTHSM_MODULE })).rejects.toThrow(
      /--slot when they are on different tokens/,
    );
    const listed = await listTokenCertificates(SOFTHSM_MODULE);
    const onSecond = listed.find((c) => c.token === 'second-token')!;
    const slots = await run('pkcs11-tool', ['--module', SOFTHSM_MODULE, '--list-slots']);
    expect(slots.stdout).toContain(`(0x${BigInt(onSecond.slotId).toString(16)})`);
    // As pkcs11-tool prints it, in hexadecimal; the app passes the decimal id it was given.
    const hex = `0x${BigInt(onSecond.slotId).toString(16)}`;
    await expect(addTokenKey(store, { module: SOFTHSM_MODULE, slot: 'slot two' })).rejects.toThrow(
      /is not a slot id/,
    );
    const info = await addTokenKey(store, { module: SOFTHSM_MODULE, slot: hex });
    expect(info.fingerprint).toBe(await thumb(ec.cert));
    const key = await openTokenSigningKey(store, info.id, first.pin);
    expect(key.algorithm).toBe('ecdsa');
    await key.close();
  });

  it('refuses a wrong PIN, a token that is not there, and a module that is not one, in sentences', async () => {
    const t = await token();
    await importKey(t, dir, ec, ec.cert, '02', 'ec');
    const info = await addTokenKey(store, { module: SOFTHSM_MODULE });
    await expect(openTokenSigningKey(store, info.id, '9999')).rejects.toMatchObject({
      kind: 'wrong-passphrase',
      message: expect.stringMatching(/PIN is wrong/),
    });
    await t.remove();
    await token('another');
    await expect(openTokenSigningKey(store, info.id, t.pin)).rejects.toThrow(/is not there: plug it in/);
    const notALibrary = join(dir, 'not-a-module.so');
    await copyFile(rsa.cert, notALibrary);
    await expect(listTokenCertificates(notALibrary)).rejects.toThrow(/could not be loaded/);
    await expect(listTokenCertificates(join(dir, 'missing.so'))).rejects.toThrow(
      /There is no PKCS#11 module library/,
    );
  });

  it('refuses before signing: a certificate not for code signing, an expired one, a key that does not match', async () => {
    const t = await token();
    await importKey(t, dir, plain, plain.cert, '03', 'web');
    await expect(addTokenKey(store, { module: SOFTHSM_MODULE })).rejects.toThrow(
      /no certificate for code signing/,
    );
    // The EC certificate with the RSA certificate's key beside it.
    await importKey(t, dir, rsa, ec.cert, '04', 'swapped');
    const swapped = await addTokenKey(store, { module: SOFTHSM_MODULE });
    await expect(openTokenSigningKey(store, swapped.id, t.pin)).rejects.toThrow(
      /does not match its certificate/,
    );
    // Keys of the right kind, but another's: an RSA modulus and an EC point that differ.
    await importKey(t, dir, plain, rsa.cert, '05', 'other-rsa');
    await importKey(t, dir, root, ec.cert, '06', 'other-ec');
    for (const label of ['other-rsa', 'other-ec']) {
      // The same certificates as above: each in a keystore of its own.
      const own = new Keystore(join(dir, `keys-${label}`));
      const other = await addTokenKey(own, { module: SOFTHSM_MODULE, objectLabel: label });
      await expect(openTokenSigningKey(own, other.id, t.pin)).rejects.toThrow(
        /does not match its certificate/,
      );
    }
    const later = new Date(Date.now() + 2 * 365 * 86_400_000);
    await expect(openTokenSigningKey(store, swapped.id, t.pin, { now: later })).rejects.toThrow(/expired on/);
    // Checked before the PIN is tried: a wrong PIN is not even sent for an expired certificate.
    await expect(openTokenSigningKey(store, swapped.id, '9999', { now: later })).rejects.toThrow(
      /expired on/,
    );
  });

  it('signet key add-token remembers the key, or says in a sentence why not (exit 2)', async () => {
    const t = await token();
    await importKey(t, dir, ec, ec.cert, '02', 'ec');
    const config = join(dir, `cli-${count}`);
    const added = await signet(
      ['key', 'add-token', '--module', SOFTHSM_MODULE, '--name', 'Release token'],
      config,
    );
    expect(added.stderr).toBe('');
    expect(added.status).toBe(0);
    expect(added.stdout).toContain(
      `Added "Release token" (${(await thumb(ec.cert)).slice(0, 16)}), a code-signing certificate on the hardware token “${t.label}” (SoftHSM project, SoftHSM v2):`,
    );
    expect(added.stdout).toContain('PIN is asked each time it signs');
    const listed = await signet(['key', 'list'], config);
    expect(listed.stdout).toMatch(
      new RegExp(
        `^x509\\t.*\\tRelease token \\(.*\\)\\texpires .*\\ton the hardware token “${t.label}” \\(SoftHSM project, SoftHSM v2\\)\\n$`,
      ),
    );
    const [info] = await new Keystore(join(config, 'keys')).list();
    expect(info).toMatchObject({
      name: 'Release token',
      location: 'token',
      fingerprint: await thumb(ec.cert),
    });
    // A record added before Signet kept the token's name: the list says what it has, no error.
    const recordFile = join(config, 'keys', `${info!.id}.json`);
    const { token: _name, ...before } = JSON.parse(await readFile(recordFile, 'utf8'));
    await writeFile(recordFile, JSON.stringify(before));
    const older = await signet(['key', 'list'], config);
    expect(older).toMatchObject({ status: 0, stderr: '' });
    expect(older.stdout).toMatch(/\texpires [^\t]+\ton a hardware token\n$/);
    const missing = await signet(['key', 'add-token', '--module', join(dir, 'missing.so')], config);
    expect(missing).toMatchObject({ status: 2, stdout: '' });
    expect(missing.stderr).toMatch(/^signet: There is no PKCS#11 module library at .*missing\.so/);
    const none = await signet(['key', 'add-token'], config);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/with --module/);
  });

  it('declares the part of pkcs11js it uses as pkcs11js declares it', async () => {
    // A compile-time check as much as a run-time one: the real module must fit Signet's shape.
    const real: Pkcs11Binding = await import('pkcs11js');
    expect(typeof real.PKCS11).toBe('function');
    expect(real.CKM_ECDSA).toBe(0x1041);
  });

  it('uses only the module the organisation allows', async () => {
    const t = await token();
    await importKey(t, dir, ec, ec.cert, '02', 'ec');
    await expect(addTokenKey(store, { module: SOFTHSM_MODULE }, '/opt/vendor/pkcs11.so')).rejects.toThrow(
      /allows hardware tokens only through \/opt\/vendor\/pkcs11.so/,
    );
    const info = await addTokenKey(store, {}, SOFTHSM_MODULE);
    await expect(
      openTokenSigningKey(store, info.id, t.pin, { managedModule: '/opt/vendor/pkcs11.so' }),
    ).rejects.toThrow(/allows hardware tokens only through/);
  });
});
