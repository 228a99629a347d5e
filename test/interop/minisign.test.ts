import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignetError } from '../../electron/core/errors';
import { type KdfLimits, MINISIGN_KDF_LIMITS } from '../../electron/core/formats/minisign/kdf';
import { keyIdFromKeyNum } from '../../electron/core/formats/minisign/key-id';
import {
  formatMinisignPublicKey,
  type MinisignPublicKey,
  parseMinisignPublicKey,
  publicKeyBase64,
} from '../../electron/core/formats/minisign/public-key';
import {
  formatMinisignSecretKey,
  generateMinisignKeyPair,
  type MinisignSecretKey,
  parseAndDecryptMinisignSecretKey,
  parseMinisignSecretKey,
} from '../../electron/core/formats/minisign/secret-key';
import {
  type MinisignCheck,
  parseMinisignSignature,
  verifyMinisignSignature,
} from '../../electron/core/formats/minisign/signature';
import { signFile } from '../../electron/core/sign/sign-file';
import { writeSignedChecksumList } from '../../electron/core/sign/write-checksum-list';
import { makeTempDir } from '../unit/minisign-fixtures';

const MINISIGN = '/usr/bin/minisign';
/** Real scrypt at 1 GiB takes several seconds on each side. */
const REAL_KDF_TIMEOUT = 180_000;

let dir: string;
let cleanup: () => void;

beforeAll(() => {
  ({ dir, cleanup } = makeTempDir('minisign-interop'));
});
afterAll(() => cleanup());

const file = (name: string) => join(dir, name);
const readText = (name: string) => readFileSync(file(name), 'utf8');

/**
 * Runs minisign in the test folder. minisign 0.11 reads passwords with fgets() from stdin and only
 * turns echo off when stdin is a terminal, so a password is fed as a line on a pipe. A missing
 * binary is a spawn error and fails the test; nothing is skipped.
 */
function minisign(args: string[], stdin = ''): { status: number; output: string } {
  const result = spawnSync(MINISIGN, args, { cwd: dir, input: stdin, encoding: 'utf8', env: { HOME: dir } });
  if (result.error) throw result.error;
  return { status: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}

function minisignOk(args: string[], stdin = ''): string {
  const result = minisign(args, stdin);
  if (result.status !== 0)
    throw new Error(`minisign ${args.join(' ')} failed (${result.status}): ${result.output}`);
  return result.output;
}

function writeFile(name: string, content: string | Buffer): string {
  writeFileSync(file(name), content);
  return file(name);
}

function signetVerify(
  signatureName: string,
  dataName: string,
  key: { keyNum: Uint8Array; publicKey: Uint8Array },
): MinisignCheck {
  const sig = parseMinisignSignature(readFileSync(file(signatureName)));
  const data = readFileSync(file(dataName));
  return verifyMinisignSignature(sig, key, {
    blake2b512: createHash('blake2b512').update(data).digest(),
    message: data,
  });
}

function writeSignetPublicKey(name: string, key: MinisignSecretKey): string {
  return writeFile(name, formatMinisignPublicKey(key));
}

describe('minisign interop (against /usr/bin/minisign)', () => {
  it('has minisign installed', () => {
    expect(minisignOk(['-v'])).toMatch(/^minisign \d+\.\d+/);
  });

  describe('Signet signs, minisign verifies', () => {
    const key = generateMinisignKeyPair();
    const other = generateMinisignKeyPair();

    beforeAll(() => {
      writeSignetPublicKey('signet.pub', key);
      writeSignetPublicKey('other.pub', other);
    });

    it('accepts a Signet signature by .pub file, by bare key, and with -H (prehashed required)', async () => {
      const data = writeFile('release.tar.gz', Buffer.from('release bytes \u0000\u00ff'));
      const result = await signFile(data, key);
      for (const args of [
        ['-p', 'signet.pub'],
        ['-P', publicKeyBase64(key)],
        ['-H', '-p', 'signet.pub'],
      ]) {
        const output = minisignOk(['-V', ...args, '-m', 'release.tar.gz']);
        expect(output).toContain('Signature and comment signature verified');
        expect(output).toContain(`Trusted comment: ${result.trustedComment}`);
      }
    });

    it('keeps a custom non-ASCII trusted comment exactly as minisign reads it', async () => {
      const data = writeFile('notes.txt', 'notes');
      await signFile(data, key, { trustedComment: 'Version 2.0 – für José 日本' });
      expect(minisignOk(['-V', '-p', 'signet.pub', '-m', 'notes.txt'])).toContain(
        'Trusted comment: Version 2.0 – für José 日本',
      );
    });

    it('fails in minisign for a tampered file, an edited trusted comment and another key', async () => {
      const data = writeFile('tamper.bin', 'original');
      await signFile(data, key);
      writeFile('tamper.bin', 'originaL');
      const tampered = minisign(['-V', '-p', 'signet.pub', '-m', 'tamper.bin']);
      expect(tampered.status).not.toBe(0);
      expect(tampered.output).toContain('Signature verification failed');

      writeFile('comment.bin', 'original');
      await signFile(file('comment.bin'), key, { trustedComment: 'version 1' });
      writeFile('comment.bin.minisig', readText('comment.bin.minisig').replace('version 1', 'version 2'));
      const edited = minisign(['-V', '-p', 'signet.pub', '-m', 'comment.bin']);
      expect(edited.status).not.toBe(0);
      expect(edited.output).toContain('Comment signature verification failed');

      writeFile('otherkey.bin', 'original');
      await signFile(file('otherkey.bin'), key);
      const wrongKey = minisign(['-V', '-p', 'other.pub', '-m', 'otherkey.bin']);
      expect(wrongKey.status).not.toBe(0);
      expect(wrongKey.output).toMatch(/key id/);
    });

    it('accepts a signed checksum list, and sha256sum -c accepts the list', async () => {
      writeFile('one.txt', 'one');
      writeFile('two words.txt', 'two');
      writeFile('back\\slash.txt', 'three');
      const listPath = file('SHA256SUMS');
      await writeSignedChecksumList([file('one.txt'), file('two words.txt'), file('back\\slash.txt')], key, {
        listPath,
      });
      minisignOk(['-V', '-p', 'signet.pub', '-m', 'SHA256SUMS']);
      const check = spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir, encoding: 'utf8' });
      if (check.error) throw check.error;
      expect(check.status).toBe(0);
      expect(check.stdout).toContain('two words.txt: OK');
      expect(check.stdout).toContain('back\\slash.txt: OK');
    });
  });

  describe('minisign signs, Signet verifies', () => {
    let minisignKey: MinisignPublicKey;
    const other = generateMinisignKeyPair();

    beforeAll(() => {
      minisignOk(['-G', '-W', '-p', 'm.pub', '-s', 'm.key']);
      minisignKey = parseMinisignPublicKey(readText('m.pub'));
    });

    it('reads minisign’s key id the same way minisign prints it', () => {
      const printed = /minisign public key ([0-9A-F]+)/.exec(readText('m.pub'))![1]!;
      expect(BigInt(`0x${minisignKey.keyId}`)).toBe(BigInt(`0x${printed}`));
      expect(keyIdFromKeyNum(minisignKey.keyNum)).toBe(minisignKey.keyId);
    });

    it('verifies a default (prehashed, ED) signature and its trusted comment', () => {
      writeFile('m-data.bin', Buffer.from([0, 1, 2, 3, 255]));
      minisignOk(['-S', '-s', 'm.key', '-m', 'm-data.bin', '-t', 'built by CI – ünïcödé']);
      const sig = parseMinisignSignature(readFileSync(file('m-data.bin.minisig')));
      expect(sig.algorithm).toBe('ED');
      expect(sig.trustedComment).toBe('built by CI – ünïcödé');
      expect(sig.untrustedComment).toBe('signature from minisign secret key');
      expect(signetVerify('m-data.bin.minisig', 'm-data.bin', minisignKey)).toEqual({ ok: true });
    });

    it('verifies a legacy (-l, Ed) signature over the whole file', () => {
      writeFile('m-legacy.bin', 'legacy data');
      minisignOk(['-S', '-l', '-s', 'm.key', '-m', 'm-legacy.bin']);
      const sig = parseMinisignSignature(readText('m-legacy.bin.minisig'));
      expect(sig.algorithm).toBe('Ed');
      expect(sig.trustedComment).toMatch(/^timestamp:\d+\tfile:m-legacy\.bin$/);
      expect(signetVerify('m-legacy.bin.minisig', 'm-legacy.bin', minisignKey)).toEqual({ ok: true });
    });

    it('says bad-signature for a tampered file, for both algorithms', () => {
      writeFile('m-t1.bin', 'payload');
      writeFile('m-t2.bin', 'payload');
      minisignOk(['-S', '-s', 'm.key', '-m', 'm-t1.bin']);
      minisignOk(['-S', '-l', '-s', 'm.key', '-m', 'm-t2.bin']);
      writeFile('m-t1.bin', 'payload!');
      writeFile('m-t2.bin', 'Payload');
      expect(signetVerify('m-t1.bin.minisig', 'm-t1.bin', minisignKey)).toEqual({
        ok: false,
        problem: 'bad-signature',
      });
      expect(signetVerify('m-t2.bin.minisig', 'm-t2.bin', minisignKey)).toEqual({
        ok: false,
        problem: 'bad-signature',
      });
    });

    it('says bad-global-signature for an edited trusted comment, key-mismatch for another key', () => {
      writeFile('m-c.bin', 'payload');
      minisignOk(['-S', '-s', 'm.key', '-m', 'm-c.bin', '-t', 'release 1.0']);
      expect(signetVerify('m-c.bin.minisig', 'm-c.bin', other)).toEqual({
        ok: false,
        problem: 'key-mismatch',
      });
      const sameNumberOtherKey = { keyNum: minisignKey.keyNum, publicKey: other.publicKey };
      expect(
        verifyMinisignSignature(parseMinisignSignature(readText('m-c.bin.minisig')), sameNumberOtherKey, {
          blake2b512: createHash('blake2b512').update('payload').digest(),
        }),
      ).toEqual({ ok: false, problem: 'bad-signature' });
      writeFile('m-c.bin.minisig', readText('m-c.bin.minisig').replace('release 1.0', 'release 1.1'));
      expect(signetVerify('m-c.bin.minisig', 'm-c.bin', minisignKey)).toEqual({
        ok: false,
        problem: 'bad-global-signature',
      });
      // minisign agrees that the edited file is bad
      expect(minisign(['-V', '-p', 'm.pub', '-m', 'm-c.bin']).status).not.toBe(0);
    });
  });

  describe('unencrypted secret keys (minisign -W), both ways', () => {
    it('opens a minisign -W key in Signet; what Signet signs with it passes minisign', async () => {
      minisignOk(['-G', '-W', '-p', 'w.pub', '-s', 'w.key']);
      const key = await parseAndDecryptMinisignSecretKey(readText('w.key'), undefined);
      expect(publicKeyBase64(key)).toBe(readText('w.pub').split('\n')[1]);
      const data = writeFile('w-data.txt', 'signed by signet with a minisign key');
      await signFile(data, key);
      minisignOk(['-V', '-p', 'w.pub', '-m', 'w-data.txt']);
    });

    it('writes a -W key minisign can sign with and recreate the public key from', async () => {
      const key = generateMinisignKeyPair();
      writeFile('sw.key', await formatMinisignSecretKey(key, undefined));
      writeSignetPublicKey('sw.pub', key);
      writeFile('sw-data.txt', 'signed by minisign with a signet key');
      minisignOk(['-S', '-s', 'sw.key', '-m', 'sw-data.txt']);
      expect(signetVerify('sw-data.txt.minisig', 'sw-data.txt', key)).toEqual({ ok: true });
      minisignOk(['-V', '-p', 'sw.pub', '-m', 'sw-data.txt']);
      minisignOk(['-R', '-s', 'sw.key', '-p', 'sw-recreated.pub']);
      expect(parseMinisignPublicKey(readText('sw-recreated.pub'))).toEqual(
        parseMinisignPublicKey(readText('sw.pub')),
      );
    });
  });

  describe('password-protected secret keys with minisign’s real 1 GiB scrypt', () => {
    const password = 'corrëct horse 日本 battery';

    it(
      'opens a key minisign encrypted; its signatures pass minisign; a wrong password is wrong-passphrase',
      async () => {
        minisignOk(['-G', '-p', 'enc.pub', '-s', 'enc.key'], `${password}\n${password}\n`);
        const text = readText('enc.key');
        expect(parseMinisignSecretKey(text)).toMatchObject({ encrypted: true, kdf: MINISIGN_KDF_LIMITS });
        const key = await parseAndDecryptMinisignSecretKey(text, password);
        expect(publicKeyBase64(key)).toBe(readText('enc.pub').split('\n')[1]);
        const data = writeFile('enc-data.txt', 'signed by signet with an encrypted minisign key');
        await signFile(data, key);
        minisignOk(['-V', '-p', 'enc.pub', '-m', 'enc-data.txt']);
        const wrong = await parseAndDecryptMinisignSecretKey(text, `${password}!`).catch((e: unknown) => e);
        expect(wrong).toBeInstanceOf(SignetError);
        expect((wrong as SignetError).kind).toBe('wrong-passphrase');
      },
      REAL_KDF_TIMEOUT,
    );

    it(
      'writes an encrypted key minisign opens with the password, and refuses with a wrong one',
      async () => {
        const key = generateMinisignKeyPair();
        writeFile('senc.key', await formatMinisignSecretKey(key, password));
        expect(statSync(file('senc.key')).size).toBeGreaterThan(0);
        writeSignetPublicKey('senc.pub', key);
        writeFile('senc-data.txt', 'signed by minisign with an encrypted signet key');
        minisignOk(['-S', '-s', 'senc.key', '-m', 'senc-data.txt'], `${password}\n`);
        expect(signetVerify('senc-data.txt.minisig', 'senc-data.txt', key)).toEqual({ ok: true });
        minisignOk(['-V', '-p', 'senc.pub', '-m', 'senc-data.txt']);
        const wrong = minisign(
          ['-S', '-s', 'senc.key', '-m', 'senc-data.txt', '-x', 'wrong.minisig'],
          'nope\n',
        );
        expect(wrong.status).not.toBe(0);
        expect(wrong.output).toContain('Wrong password');
      },
      REAL_KDF_TIMEOUT,
    );
  });

  describe("Signet's opslimit/memlimit -> scrypt mapping matches libsodium's", () => {
    const cases: [string, KdfLimits][] = [
      ['memlimit binds, p = 1', { opsLimit: 65_536, memLimit: 2 * 1024 * 1024 }],
      ['memlimit binds, p = 16', { opsLimit: 2 ** 20, memLimit: 2 * 1024 * 1024 }],
      ['opslimit binds', { opsLimit: 32_768, memLimit: 2 ** 30 }],
      ['both zero (opslimit raised to the minimum)', { opsLimit: 0, memLimit: 0 }],
      ["libsodium's interactive limits", { opsLimit: 524_288, memLimit: 16_777_216 }],
    ];
    it.each(cases)('%s: minisign opens the key Signet encrypted', async (_label, kdf) => {
      const key = generateMinisignKeyPair();
      const name = `kdf-${kdf.opsLimit}-${kdf.memLimit}`;
      writeFile(`${name}.key`, await formatMinisignSecretKey(key, 'pw', kdf));
      writeFile(`${name}.txt`, name);
      minisignOk(['-S', '-s', `${name}.key`, '-m', `${name}.txt`], 'pw\n');
      expect(signetVerify(`${name}.txt.minisig`, `${name}.txt`, key)).toEqual({ ok: true });
    });
  });
});
