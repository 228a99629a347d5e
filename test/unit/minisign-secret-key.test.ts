import { describe, expect, it } from 'vitest';
import { blake2b256 } from '../../electron/core/crypto/blake2b256';
import { FormatError, SignetError } from '../../electron/core/errors';
import {
  MAX_SCRYPT_MEMORY_BYTES,
  MINISIGN_KDF_LIMITS,
  scryptMemoryBytes,
  scryptParametersFor,
} from '../../electron/core/formats/minisign/kdf';
import {
  formatMinisignSecretKey,
  generateMinisignKeyPair,
  isEncryptedMinisignSecretKey,
  parseAndDecryptMinisignSecretKey,
  parseMinisignSecretKey,
  SECRET_KEY_BYTES,
} from '../../electron/core/formats/minisign/secret-key';
import { FAST_KDF } from './minisign-fixtures';

/** The secret key file's 158 bytes, for surgery. */
function keyBytes(text: string): Buffer {
  return Buffer.from(text.split('\n')[1]!, 'base64');
}

function keyText(bytes: Uint8Array, comment = 'minisign encrypted secret key'): string {
  return `untrusted comment: ${comment}\n${Buffer.from(bytes).toString('base64')}\n`;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe("libsodium's pickparams mapping", () => {
  it('maps minisign defaults to N=2^20, r=8, p=1 (about 1 GiB)', () => {
    expect(scryptParametersFor(MINISIGN_KDF_LIMITS)).toEqual({ N: 2 ** 20, r: 8, p: 1 });
    expect(scryptMemoryBytes({ N: 2 ** 20, r: 8, p: 1 })).toBeGreaterThan(2 ** 30);
  });

  it.each([
    // [opsLimit, memLimit, N, r, p] worked out by hand from libsodium's pickparams()
    [65_536, 2 * 1024 * 1024, 2048, 8, 1],
    [2 ** 20, 2 * 1024 * 1024, 2048, 8, 16],
    [32_768, 2 ** 30, 1024, 8, 1], // opslimit binds: N from opslimit, p = 1
    [0, 0, 2, 8, 512], // opslimit is raised to 32768; N bottoms out at 2
    [524_288, 16_777_216, 16_384, 8, 1], // libsodium's *_INTERACTIVE limits
  ])('ops %i, mem %i -> N=%i r=%i p=%i', (opsLimit, memLimit, N, r, p) => {
    expect(scryptParametersFor({ opsLimit, memLimit })).toEqual({ N, r, p });
  });

  it.each([
    ['memory above the cap', { opsLimit: 2 ** 40, memLimit: MAX_SCRYPT_MEMORY_BYTES * 2 }],
    ['work far above minisign', { opsLimit: 2 ** 40, memLimit: 2 ** 30 }],
    ['a fractional limit', { opsLimit: 1.5, memLimit: 2 ** 20 }],
    ['a negative limit', { opsLimit: -1, memLimit: 2 ** 20 }],
    ['an unsafe integer', { opsLimit: 2 ** 60, memLimit: 2 ** 20 }],
  ])('refuses %s with a FormatError', (_label, limits) => {
    expect(() => scryptParametersFor(limits)).toThrow(FormatError);
  });
});

describe('minisign secret keys', () => {
  it('round-trips an encrypted key and keeps the minisign layout', async () => {
    const key = generateMinisignKeyPair();
    const text = await formatMinisignSecretKey(key, 'correct horse battery staple', FAST_KDF);
    const bytes = keyBytes(text);
    expect(bytes).toHaveLength(SECRET_KEY_BYTES);
    expect(bytes.subarray(0, 6).toString('latin1')).toBe('EdScB2');
    expect(bytes.readBigUInt64LE(38)).toBe(BigInt(FAST_KDF.opsLimit));
    expect(bytes.readBigUInt64LE(46)).toBe(BigInt(FAST_KDF.memLimit));
    // Encrypted: neither the seed nor the key number appears in the clear.
    expect(bytes.includes(Buffer.from(key.seed))).toBe(false);
    expect(isEncryptedMinisignSecretKey(text)).toBe(true);
    const opened = await parseAndDecryptMinisignSecretKey(text, 'correct horse battery staple');
    expect(opened).toEqual(key);
  });

  it('uses a fresh salt each time, so the same key and passphrase give different files', async () => {
    const key = generateMinisignKeyPair();
    const a = await formatMinisignSecretKey(key, 'pw', FAST_KDF);
    const b = await formatMinisignSecretKey(key, 'pw', FAST_KDF);
    expect(a).not.toBe(b);
  });

  it('says wrong-passphrase for a wrong or missing passphrase', async () => {
    const text = await formatMinisignSecretKey(generateMinisignKeyPair(), 'right', FAST_KDF);
    const wrong = await rejection(parseAndDecryptMinisignSecretKey(text, 'Right'));
    expect(wrong).toBeInstanceOf(SignetError);
    expect((wrong as SignetError).kind).toBe('wrong-passphrase');
    const missing = await rejection(parseAndDecryptMinisignSecretKey(text, undefined));
    expect((missing as SignetError).kind).toBe('wrong-passphrase');
  });

  it('treats passphrases as UTF-8 and does not normalise them', async () => {
    const key = generateMinisignKeyPair();
    const text = await formatMinisignSecretKey(key, 'pässwörd', FAST_KDF);
    await expect(parseAndDecryptMinisignSecretKey(text, 'pässwörd')).resolves.toEqual(key);
    const decomposed = 'pässwörd'.normalize('NFD');
    const error = await rejection(parseAndDecryptMinisignSecretKey(text, decomposed));
    expect((error as SignetError).kind).toBe('wrong-passphrase');
  });

  it('round-trips an unencrypted key (minisign -W) and ignores any passphrase given', async () => {
    const key = generateMinisignKeyPair();
    const text = await formatMinisignSecretKey(key, undefined);
    const bytes = keyBytes(text);
    expect(bytes.subarray(0, 6).toString('latin1')).toBe('Ed\0\0B2');
    expect(isEncryptedMinisignSecretKey(text)).toBe(false);
    await expect(parseAndDecryptMinisignSecretKey(text, undefined)).resolves.toEqual(key);
    await expect(parseAndDecryptMinisignSecretKey(text, 'anything')).resolves.toEqual(key);
  });

  it('accepts the all-zero checksum minisign 0.11 writes for -W keys, but not a wrong one', async () => {
    const key = generateMinisignKeyPair();
    const bytes = keyBytes(await formatMinisignSecretKey(key, undefined));
    bytes.fill(0, SECRET_KEY_BYTES - 32);
    await expect(parseAndDecryptMinisignSecretKey(keyText(bytes), undefined)).resolves.toEqual(key);
    bytes[SECRET_KEY_BYTES - 1] = 1;
    await expect(parseAndDecryptMinisignSecretKey(keyText(bytes), undefined)).rejects.toThrow(FormatError);
  });

  it('notices a secret key whose public half was swapped, even with a matching checksum', async () => {
    const key = generateMinisignKeyPair();
    const other = generateMinisignKeyPair();
    const bytes = keyBytes(await formatMinisignSecretKey(key, undefined));
    // seed stays, public half replaced, checksum recomputed so only the pairing is wrong
    bytes.set(other.publicKey, 54 + 8 + 32);
    bytes.set(
      blake2b256(Buffer.from('Ed'), bytes.subarray(54, 54 + 8), bytes.subarray(62, 62 + 64)),
      54 + 72,
    );
    await expect(parseAndDecryptMinisignSecretKey(keyText(bytes), undefined)).rejects.toThrow(/public half/);
  });

  it('refuses a file that asks for absurd key-derivation work before asking for a passphrase', async () => {
    const bytes = keyBytes(await formatMinisignSecretKey(generateMinisignKeyPair(), 'pw', FAST_KDF));
    bytes.writeBigUInt64LE(BigInt(64 * 1024 ** 3), 46); // 64 GiB
    bytes.writeBigUInt64LE(BigInt(2 ** 40), 38);
    expect(() => parseMinisignSecretKey(keyText(bytes))).toThrow(/GiB/);
    bytes.writeBigUInt64LE(2n ** 64n - 1n, 46);
    expect(() => parseMinisignSecretKey(keyText(bytes))).toThrow(FormatError);
  });

  it.each([
    ['an unknown algorithm', (b: Buffer) => b.write('XX', 0, 'latin1')],
    ['an unknown key derivation', (b: Buffer) => b.write('Ar', 2, 'latin1')],
    ['an unknown checksum', (b: Buffer) => b.write('SH', 4, 'latin1')],
  ])('refuses %s with a FormatError', async (_label, damage) => {
    const bytes = keyBytes(await formatMinisignSecretKey(generateMinisignKeyPair(), 'pw', FAST_KDF));
    damage(bytes);
    expect(() => parseMinisignSecretKey(keyText(bytes))).toThrow(FormatError);
  });

  it('refuses files of the wrong shape with a FormatError', async () => {
    const text = await formatMinisignSecretKey(generateMinisignKeyPair(), undefined);
    expect(() => parseMinisignSecretKey(text.split('\n')[1]!)).toThrow(FormatError);
    expect(() => parseMinisignSecretKey(`${text}more\n`)).toThrow(FormatError);
    expect(() => parseMinisignSecretKey(text.replace('untrusted comment: ', ''))).toThrow(FormatError);
    expect(() => parseMinisignSecretKey(keyText(keyBytes(text).subarray(0, 157)))).toThrow(FormatError);
    expect(() => isEncryptedMinisignSecretKey('hello')).toThrow(FormatError);
  });

  it('refuses passphrases minisign could never read back, and keys that do not match their public key', async () => {
    const key = generateMinisignKeyPair();
    await expect(formatMinisignSecretKey(key, 'two\nlines', FAST_KDF)).rejects.toThrow(SignetError);
    await expect(formatMinisignSecretKey(key, 'nul\0byte', FAST_KDF)).rejects.toThrow(SignetError);
    await expect(formatMinisignSecretKey(key, 'x'.repeat(1023), FAST_KDF)).rejects.toThrow(/at most/);
    const mismatched = { ...key, publicKey: generateMinisignKeyPair().publicKey };
    await expect(formatMinisignSecretKey(mismatched, undefined)).rejects.toThrow(SignetError);
  });
});
