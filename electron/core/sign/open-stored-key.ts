import type { KeyInfo } from '../../../shared/domain';
import type { FormatId } from '../formats/format-module';
import type { MinisignSecretKey } from '../formats/minisign-keys';
import { signingFormatForKey } from '../formats/signing-formats';

/** What opening a stored key needs of the keystore (the CLI's Keystore, main's KeystorePort). */
export interface StoredKeyOpener {
  readKeyFile(id: string): Promise<{ info: KeyInfo; keyFile: Uint8Array }>;
  unlock(id: string, passphrase: string): Promise<MinisignSecretKey>;
}

/** A stored key opened for one job: its secret in its format's shape, and how to put it away. */
export interface OpenedKey {
  key: unknown;
  format: FormatId;
  /** Wipes the secret (or logs out of the token); called once the job is over. */
  forget(): void;
}

/**
 * Opens a stored key with its passphrase, by its format's code when that code filed it (OpenPGP),
 * else by the keystore (minisign): SignetError 'wrong-passphrase' when the passphrase is wrong.
 */
export async function openStoredSigningKey(
  keystore: StoredKeyOpener,
  info: KeyInfo,
  passphrase: string,
): Promise<OpenedKey> {
  const { format, side } = await signingFormatForKey(info.kind);
  const key = side.openStoredKey
    ? await side.openStoredKey(await keystore.readKeyFile(info.id), passphrase)
    : await keystore.unlock(info.id, passphrase);
  return {
    key,
    format,
    forget: () => void side.forgetKey?.(key),
  };
}
