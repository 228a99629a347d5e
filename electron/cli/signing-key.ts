import { join } from 'node:path';
import { printable } from '../../shared/printable';
import { userConfigDir } from '../core/config/paths';
import { plainMessage, SignetError } from '../core/errors';
import type { FormatId } from '../core/formats/format-module';
import {
  isEncryptedMinisignSecretKey,
  type MinisignSecretKey,
  parseAndDecryptMinisignSecretKey,
} from '../core/formats/minisign-keys';
import { keyIdFromKeyNum, publicKeyBase64 } from '../core/formats/minisign-public-keys';
import { DEFAULT_SIGNING_FORMAT, signingFormatForKey } from '../core/formats/signing-formats';
import { firstExisting } from '../core/fs/first-existing';
import { Keystore } from '../core/keystore/keystore';
import { keystoreDir } from '../core/keystore/location';
import { SECRET_KEY_FILE_MAX_BYTES } from '../core/limits';
import { CliExit } from './cli-error';
import { type PassphraseSource, readPassphrase } from './passphrase';
import { readText } from './read-text';

export interface UnlockedKey {
  /** The secret half, in its format's own shape; `forget` wipes it. */
  key: unknown;
  /** The format that signs with it, picked from the key's kind by the registry. */
  format: FormatId;
  keyId: string;
  publicKey: string;
  /** The keystore's name for it; undefined for a key read from a file. */
  name?: string;
  /** For kinds that have one (OpenPGP). */
  fingerprint?: string;
  forget(): void;
}

/** The old single-key file, before keys moved to the keystore; still used when the keystore is empty. */
const legacySecretKeyPath = () => join(userConfigDir(), 'signet.key');

/**
 * The key `--key` means: a key in the keystore (by key id or name), else a minisign secret key file.
 * Without --key: the keystore's only key, or the old signet.key. Asks for the passphrase last, once
 * the key is known, so a typo in --key never costs a prompt.
 */
export async function unlockSigningKey(
  reference: string | undefined,
  passphrases: PassphraseSource,
): Promise<UnlockedKey> {
  const keystore = new Keystore(keystoreDir());
  const keys = await keystore.list();
  if (reference === undefined) {
    if (keys.length === 1) return unlockStored(keystore, keys[0]!.keyId, passphrases);
    if (keys.length > 1) {
      throw new CliExit(
        2,
        `You have ${keys.length} keys; say which with --key: ${keys.map((k) => `"${printable(k.name)}" (${k.keyId})`).join(', ')}.`,
      );
    }
    if (await firstExisting([legacySecretKeyPath()])) return unlockFile(legacySecretKeyPath(), passphrases);
    throw new CliExit(2, 'You have no signing key yet. Create one with: signet keygen --name "Release key"');
  }
  try {
    const found = await keystore.find(reference);
    return unlockStored(keystore, found.keyId, passphrases);
  } catch (error) {
    if (!(error instanceof SignetError)) throw error;
    // Not a key in the keystore: a path to a key file, when it looks like one or is there.
    if (/[\\/]|\.key$/i.test(reference) || (await firstExisting([reference]))) {
      return unlockFile(reference, passphrases);
    }
    throw new CliExit(2, plainMessage(error));
  }
}

async function unlockStored(
  keystore: Keystore,
  keyId: string,
  passphrases: PassphraseSource,
): Promise<UnlockedKey> {
  const info = (await keystore.list()).find((k) => k.keyId === keyId)!;
  const { format, side } = await signingFormatForKey(info.kind);
  const passphrase = await readPassphrase(
    passphrases,
    `Passphrase for "${printable(info.name)}" (${keyId}): `,
  );
  try {
    // A kind filed by its format's own code is opened by it; minisign keys by the keystore.
    const key = side.openStoredKey
      ? await side.openStoredKey(await keystore.readKeyFile(keyId), passphrase)
      : await keystore.unlock(keyId, passphrase);
    return {
      key,
      format,
      keyId,
      publicKey: info.publicKey,
      name: info.name,
      ...(info.fingerprint ? { fingerprint: info.fingerprint } : {}),
      forget: () => (side.forgetKey ? void side.forgetKey(key) : (key as MinisignSecretKey).seed.fill(0)),
    };
  } catch (error) {
    throw new CliExit(2, `${plainMessage(error)} Nothing was signed.`);
  }
}

async function unlockFile(path: string, passphrases: PassphraseSource): Promise<UnlockedKey> {
  // minisign's secret key file is about 350 bytes; a larger one is not a key.
  const keyText = await readText(path, 'secret key', SECRET_KEY_FILE_MAX_BYTES);
  try {
    const passphrase = isEncryptedMinisignSecretKey(keyText)
      ? await readPassphrase(passphrases, `Passphrase for ${printable(path)}: `)
      : undefined;
    const key = await parseAndDecryptMinisignSecretKey(keyText, passphrase);
    return {
      key,
      // A key file named on the command line is a minisign secret key file: the default format.
      format: DEFAULT_SIGNING_FORMAT,
      keyId: keyIdFromKeyNum(key.keyNum),
      publicKey: publicKeyBase64(key),
      forget: () => key.seed.fill(0),
    };
  } catch (error) {
    if (error instanceof CliExit) throw error;
    throw new CliExit(2, plainMessage(error));
  }
}
