import { decryptKey, encryptKey, enums, type PrivateKey, readKeys } from 'openpgp';
import { formatDate } from '../../../../shared/dates';
import { FormatError, SignetError } from '../../errors';
import { SECRET_KEY_FILE_MAX_BYTES } from '../../limits';
import { formatKeyFile, makeRevocation, type OpenPgpKeyRecord, recordOf, WRITE_CONFIG } from './key-material';
import { FULL_LIBRARY_CONFIG } from './library-config';
import { signingKeyOf } from './signing-key';

/** A secret key file read and judged, not yet opened: what is asked before its passphrase. */
export interface OpenPgpSecretKeyFile {
  readonly key: PrivateKey;
  /** Whether a passphrase protects it (gpg's exports usually are). */
  readonly encrypted: boolean;
  readonly record: OpenPgpKeyRecord;
}

const SIGNING_ALGORITHMS = new Set(['rsaSign', 'rsaEncryptSign', 'ecdsa', 'eddsaLegacy', 'ed25519']);
const EC_CURVES = new Set(['nistP256', 'nistP384', 'nistP521', 'ed25519Legacy']);

/** Whether bytes look like an OpenPGP key (armored, or a binary secret or public key packet). */
export function looksLikeOpenPgpKey(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 256)).toString('latin1');
  if (/-----BEGIN PGP (PRIVATE|PUBLIC) KEY BLOCK-----/.test(head)) return true;
  const first = bytes[0] ?? 0;
  if ((first & 0x80) === 0) return false;
  const tag = first & 0x40 ? first & 0x3f : (first >> 2) & 0x0f;
  return tag === 5 || tag === 6;
}

/**
 * Reads a secret key as `gpg --export-secret-keys` writes it (armored or binary, or with
 * --export-secret-subkeys, whose primary is a stub) and refuses, with a sentence and before any
 * passphrase is asked, what Signet will not keep: a public key, several keys, an expired or revoked
 * key, one with no key that may sign, RSA under 2048 bits, self-signatures made only with SHA-1,
 * a damaged or oversized file.
 */
export async function readOpenPgpSecretKey(
  bytes: Uint8Array,
  now: Date = new Date(),
): Promise<OpenPgpSecretKeyFile> {
  if (bytes.length > SECRET_KEY_FILE_MAX_BYTES) {
    throw new FormatError(
      `The key file is larger than ${SECRET_KEY_FILE_MAX_BYTES / 1024} KiB; it is not one secret key.`,
    );
  }
  const text = Buffer.from(bytes).toString('latin1');
  let keys: Awaited<ReturnType<typeof readKeys>>;
  try {
    keys = /-----BEGIN PGP /.test(text)
      ? await readKeys({ armoredKeys: Buffer.from(bytes).toString('utf8'), config: FULL_LIBRARY_CONFIG })
      : await readKeys({ binaryKeys: bytes, config: FULL_LIBRARY_CONFIG });
  } catch {
    throw new FormatError(
      'The OpenPGP key file is damaged, truncated, or uses a protection Signet does not read.',
    );
  }
  if (keys.length !== 1) {
    throw new FormatError('The file holds several OpenPGP keys; export the one to import on its own.');
  }
  const key = keys[0] as PrivateKey;
  if (!key.isPrivate()) {
    throw new FormatError(
      'This is a public key, not a secret key. Export the secret key with gpg --export-secret-keys --armor KEY.',
    );
  }
  await judge(key, now);
  return { key, encrypted: !key.isDecrypted(), record: await recordOf(key) };
}

async function judge(key: PrivateKey, now: Date): Promise<void> {
  if (await key.isRevoked(undefined, undefined, now, FULL_LIBRARY_CONFIG)) {
    throw new SignetError('usage', 'This OpenPGP key has been revoked; Signet will not sign with it.');
  }
  const expires = await key.getExpirationTime(undefined, FULL_LIBRARY_CONFIG).catch(() => null);
  if (expires instanceof Date && expires.getTime() <= now.getTime()) {
    throw new SignetError(
      'usage',
      `This OpenPGP key expired on ${formatDate(expires)}; extend it in gpg first.`,
    );
  }
  let primary: Awaited<ReturnType<PrivateKey['getPrimaryUser']>>;
  try {
    primary = await key.getPrimaryUser(now, undefined, FULL_LIBRARY_CONFIG);
  } catch {
    throw new SignetError('usage', 'This OpenPGP key has no valid self-signed User ID.');
  }
  if (primary.selfCertification.hashAlgorithm === enums.hash.sha1) {
    throw new SignetError(
      'usage',
      'This OpenPGP key is bound only by SHA-1 self-signatures, which can be forged. Re-sign it with a newer gpg (gpg --quick-set-expire) first.',
    );
  }
  let signer: Awaited<ReturnType<PrivateKey['getSigningKey']>>;
  try {
    signer = await key.getSigningKey(undefined, now, undefined, FULL_LIBRARY_CONFIG);
  } catch {
    throw new SignetError(
      'usage',
      'This OpenPGP key has no key that may sign (only keys for encryption, or ones that expired).',
    );
  }
  if (signer !== key) {
    const binding = (
      signer as { bindingSignatures?: { hashAlgorithm: number | null }[] }
    ).bindingSignatures?.at(-1);
    if (binding?.hashAlgorithm === enums.hash.sha1) {
      throw new SignetError(
        'usage',
        'The signing subkey is bound only by a SHA-1 signature, which can be forged.',
      );
    }
  }
  const info = signer.getAlgorithmInfo();
  if (!SIGNING_ALGORITHMS.has(info.algorithm) || (info.curve && !EC_CURVES.has(info.curve))) {
    throw new SignetError(
      'usage',
      'Signet signs with RSA, ECDSA (P-256, P-384, P-521) and Ed25519 OpenPGP keys only.',
    );
  }
  if (info.algorithm.startsWith('rsa') && (info.bits ?? 0) < 2048) {
    throw new SignetError(
      'usage',
      `This RSA key has ${info.bits} bits; Signet signs only with RSA keys of 2048 bits or more.`,
    );
  }
  if ((signer.keyPacket as { isDummy(): boolean }).isDummy()) {
    throw new SignetError(
      'usage',
      'The signing key in this file is a stub (its secret half is on a card or elsewhere).',
    );
  }
}

/**
 * Opens an imported key with its passphrase (SignetError 'wrong-passphrase' when it is wrong) and
 * returns what the keystore files: the secret key still encrypted (as exported, or with the new
 * passphrase the person chose; an unprotected export is always encrypted with one), and a
 * revocation certificate when the primary key's secret is there to make one.
 */
export async function openImportedKey(
  file: OpenPgpSecretKeyFile,
  passphrase: string | undefined,
  /** A function is asked only once the key has opened, so a new passphrase follows a right old one. */
  newPassphrase: string | (() => Promise<string | undefined>) | undefined,
  now: Date = new Date(),
): Promise<{ record: OpenPgpKeyRecord; keyFile: string }> {
  const decrypted = file.encrypted ? await decryptWith(file.key, passphrase ?? '') : file.key;
  // Refuses a key whose secret numbers do not match its public ones (a damaged or tampered file).
  const signing = await signingKeyOf(decrypted, file.record.publicKey, now).catch(() => {
    throw new FormatError('The secret key in this file is damaged.');
  });
  try {
    await (decrypted as unknown as { validate(c: object): Promise<void> })
      .validate(FULL_LIBRARY_CONFIG)
      .catch(() => {
        throw new FormatError('The secret key in this file does not match its public key.');
      });
    const chosen = typeof newPassphrase === 'function' ? await newPassphrase() : newPassphrase;
    const protectWith = chosen ?? (file.encrypted ? undefined : passphrase);
    if (!file.encrypted && !protectWith) {
      throw new SignetError(
        'usage',
        'This secret key has no passphrase; choose one, Signet never stores a key without.',
      );
    }
    const stored = protectWith
      ? (await encryptKey({ privateKey: decrypted, passphrase: protectWith, config: WRITE_CONFIG })).armor(
          WRITE_CONFIG,
        )
      : file.key.armor(WRITE_CONFIG);
    const primaryStub = (decrypted.keyPacket as { isDummy(): boolean }).isDummy();
    const revocation = primaryStub ? '' : await makeRevocation(decrypted);
    return {
      record: file.record,
      keyFile: revocation ? formatKeyFile(stored, revocation) : `${stored.trimEnd()}\n`,
    };
  } finally {
    signing.forget();
  }
}

/** Decrypts a stored or imported key; SignetError 'wrong-passphrase' when the passphrase is wrong. */
export async function decryptWith(key: PrivateKey, passphrase: string): Promise<PrivateKey> {
  try {
    return await decryptKey({ privateKey: key, passphrase, config: FULL_LIBRARY_CONFIG });
  } catch (error) {
    if (/incorrect key passphrase/i.test((error as Error).message)) {
      throw new SignetError('wrong-passphrase', 'The passphrase is wrong.');
    }
    throw new FormatError(
      'The secret key could not be opened: it is damaged or uses a protection Signet does not read.',
    );
  }
}
