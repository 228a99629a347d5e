import { randomBytes } from 'node:crypto';
import { blake2b256 } from '../../crypto/blake2b256';
import { ed25519PublicKey, generateEd25519KeyPair } from '../../crypto/ed25519';
import { decodeBase64Strict, encodeBase64 } from '../../encoding/base64';
import { asciiBytes, asciiOf, bytesEqual, concatBytes } from '../../encoding/bytes';
import { FormatError, SignetError } from '../../errors';
import {
  deriveMinisignKeyStream,
  type KdfLimits,
  MINISIGN_KDF_LIMITS,
  MINISIGN_KEY_STREAM_BYTES,
  scryptParametersFor,
} from './kdf';
import { KEY_NUM_BYTES } from './key-id';
import { ED25519_ALGORITHM, UNTRUSTED_COMMENT_PREFIX } from './public-key';
import { splitExactLines, textAfterPrefix } from './text-lines';

export interface MinisignSecretKey {
  keyNum: Uint8Array;
  /** 32-byte Ed25519 seed. */
  seed: Uint8Array;
  publicKey: Uint8Array;
}

/** A secret key file as stored: still sealed when encrypted. */
export interface SealedMinisignSecretKey {
  encrypted: boolean;
  salt: Uint8Array;
  kdf: KdfLimits;
  /** keynum[8] | seed[32] | pk[32] | chk[32], XORed with the scrypt stream when encrypted. */
  sealed: Uint8Array;
}

const KDF_SCRYPT = 'Sc';
const KDF_NONE = '\0\0';
const CHECKSUM_BLAKE2B = 'B2';
const SALT_BYTES = 32;
const HEADER_BYTES = 2 + 2 + 2 + SALT_BYTES + 8 + 8;
export const SECRET_KEY_BYTES = HEADER_BYTES + MINISIGN_KEY_STREAM_BYTES;
const MAX_SECRET_KEY_TEXT_BYTES = 16 * 1024;
/**
 * minisign reads a password with fgets into 1024 bytes, newline included; a longer one would be
 * cut short there and the key could never be opened with minisign.
 */
const MAX_PASSPHRASE_BYTES = 1022;

export function generateMinisignKeyPair(): MinisignSecretKey {
  const { seed, publicKey } = generateEd25519KeyPair();
  return { keyNum: new Uint8Array(randomBytes(KEY_NUM_BYTES)), seed, publicKey };
}

/** Reads the structure of a secret key file without decrypting it. */
export function parseMinisignSecretKey(text: string | Uint8Array): SealedMinisignSecretKey {
  const what = 'The secret key file';
  const [comment, body] = splitExactLines(text, { what, count: 2, maxBytes: MAX_SECRET_KEY_TEXT_BYTES }) as [
    string,
    string,
  ];
  textAfterPrefix(comment, UNTRUSTED_COMMENT_PREFIX, 'The first line of the secret key file');
  const bytes = decodeBase64Strict(body, 'The secret key', SECRET_KEY_BYTES);
  if (asciiOf(bytes.subarray(0, 2)) !== ED25519_ALGORITHM) {
    throw new FormatError('The secret key is not an Ed25519 minisign key (unknown algorithm).');
  }
  const kdf = asciiOf(bytes.subarray(2, 4));
  if (kdf !== KDF_SCRYPT && kdf !== KDF_NONE) {
    throw new FormatError('The secret key is protected with a key-derivation method Signet does not know.');
  }
  if (asciiOf(bytes.subarray(4, 6)) !== CHECKSUM_BLAKE2B) {
    throw new FormatError('The secret key uses a checksum method Signet does not know.');
  }
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const opsLimit = view.readBigUInt64LE(6 + SALT_BYTES);
  const memLimit = view.readBigUInt64LE(6 + SALT_BYTES + 8);
  if (opsLimit > BigInt(Number.MAX_SAFE_INTEGER) || memLimit > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new FormatError('The secret key asks for an impossible amount of work to unlock; refusing.');
  }
  const sealedKey: SealedMinisignSecretKey = {
    encrypted: kdf === KDF_SCRYPT,
    salt: bytes.slice(6, 6 + SALT_BYTES),
    kdf: { opsLimit: Number(opsLimit), memLimit: Number(memLimit) },
    sealed: bytes.slice(HEADER_BYTES),
  };
  // Absurd limits are refused now, before anyone is asked for a passphrase.
  if (sealedKey.encrypted) scryptParametersFor(sealedKey.kdf);
  return sealedKey;
}

/** FormatError when the text is not a minisign secret key. */
export function isEncryptedMinisignSecretKey(text: string | Uint8Array): boolean {
  return parseMinisignSecretKey(text).encrypted;
}

/**
 * Unseals a secret key. A checksum mismatch on an encrypted key means the passphrase is wrong
 * (SignetError 'wrong-passphrase'); the passphrase is ignored for unencrypted keys.
 */
async function decryptMinisignSecretKey(
  key: SealedMinisignSecretKey,
  passphrase: string | undefined,
): Promise<MinisignSecretKey> {
  let plain: Uint8Array;
  if (key.encrypted) {
    if (passphrase === undefined) {
      throw new SignetError(
        'wrong-passphrase',
        'This secret key is protected by a passphrase. Enter it to go on.',
      );
    }
    plain = xor(key.sealed, await deriveMinisignKeyStream(passphrase, key.salt, key.kdf));
  } else {
    plain = key.sealed.slice();
  }
  const keyNum = plain.slice(0, KEY_NUM_BYTES);
  const secret = plain.subarray(KEY_NUM_BYTES, KEY_NUM_BYTES + 64);
  const checksum = plain.subarray(KEY_NUM_BYTES + 64);
  const expected = secretKeyChecksum(keyNum, secret);
  if (!bytesEqual(checksum, expected)) {
    if (key.encrypted) {
      plain.fill(0);
      throw new SignetError('wrong-passphrase', 'The passphrase is not right for this key.');
    }
    // minisign -W leaves the checksum all zeros; anything else that does not match is damage.
    if (checksum.some((byte) => byte !== 0)) {
      plain.fill(0);
      throw new FormatError('The secret key file is damaged: its checksum does not match.');
    }
  }
  const seed = secret.slice(0, 32);
  const publicKey = secret.slice(32);
  plain.fill(0);
  if (!bytesEqual(ed25519PublicKey(seed), publicKey)) {
    seed.fill(0);
    throw new FormatError('The secret key file is damaged: its public half does not match its secret half.');
  }
  return { keyNum, seed, publicKey };
}

export async function parseAndDecryptMinisignSecretKey(
  text: string | Uint8Array,
  passphrase: string | undefined,
): Promise<MinisignSecretKey> {
  return decryptMinisignSecretKey(parseMinisignSecretKey(text), passphrase);
}

/**
 * Writes a minisign secret key file. `passphrase` undefined means unencrypted (minisign -W);
 * `kdf` defaults to minisign's own limits (about 1 GiB and several seconds) and exists so tests
 * can go faster.
 */
export async function formatMinisignSecretKey(
  key: MinisignSecretKey,
  passphrase: string | undefined,
  kdf: KdfLimits = MINISIGN_KDF_LIMITS,
): Promise<string> {
  if (key.keyNum.length !== KEY_NUM_BYTES || key.seed.length !== 32 || key.publicKey.length !== 32) {
    throw new SignetError(
      'usage',
      'A minisign secret key needs an 8-byte key number, a 32-byte seed and key.',
    );
  }
  if (!bytesEqual(ed25519PublicKey(key.seed), key.publicKey)) {
    throw new SignetError('usage', 'The public key does not belong to this secret key.');
  }
  const secret = concatBytes(key.seed, key.publicKey);
  const plain = concatBytes(key.keyNum, secret, secretKeyChecksum(key.keyNum, secret));
  secret.fill(0);
  const header = new Uint8Array(HEADER_BYTES);
  header.set(asciiBytes(ED25519_ALGORITHM), 0);
  header.set(asciiBytes(CHECKSUM_BLAKE2B), 4);
  let body: Uint8Array;
  if (passphrase === undefined) {
    header.set(asciiBytes(KDF_NONE), 2);
    body = plain;
  } else {
    checkPassphraseCanBeTyped(passphrase);
    scryptParametersFor(kdf);
    const salt = new Uint8Array(randomBytes(SALT_BYTES));
    header.set(asciiBytes(KDF_SCRYPT), 2);
    header.set(salt, 6);
    const view = Buffer.from(header.buffer);
    view.writeBigUInt64LE(BigInt(kdf.opsLimit), 6 + SALT_BYTES);
    view.writeBigUInt64LE(BigInt(kdf.memLimit), 6 + SALT_BYTES + 8);
    body = xor(plain, await deriveMinisignKeyStream(passphrase, salt, kdf));
    plain.fill(0);
  }
  const comment =
    passphrase === undefined ? 'signet secret key (not encrypted)' : 'signet encrypted secret key';
  return `${UNTRUSTED_COMMENT_PREFIX}${comment}\n${encodeBase64(concatBytes(header, body))}\n`;
}

/** BLAKE2b-256("Ed" | keynum | seed | pk): how minisign tells a right passphrase from a wrong one. */
function secretKeyChecksum(keyNum: Uint8Array, secret: Uint8Array): Uint8Array {
  return blake2b256(asciiBytes(ED25519_ALGORITHM), keyNum, secret);
}

/** minisign reads a password as one line and stops at NUL, so such passphrases could never be typed there. */
function checkPassphraseCanBeTyped(passphrase: string): void {
  if (/[\r\n\0]/.test(passphrase)) {
    throw new SignetError('usage', 'A passphrase cannot contain line breaks or NUL characters.');
  }
  if (Buffer.byteLength(passphrase, 'utf8') > MAX_PASSPHRASE_BYTES) {
    throw new SignetError('usage', `A passphrase can be at most ${MAX_PASSPHRASE_BYTES} bytes long.`);
  }
}

function xor(data: Uint8Array, stream: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i]! ^ stream[i]!;
  stream.fill(0);
  return out;
}
