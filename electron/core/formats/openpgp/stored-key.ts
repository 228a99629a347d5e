import { readPrivateKey } from 'openpgp';
import type { KeyInfo } from '../../../../shared/domain';
import { FormatError } from '../../errors';
import { secretKeyPart } from './key-material';
import { FULL_LIBRARY_CONFIG } from './library-config';
import { decryptWith } from './secret-key-import';
import { type OpenPgpSigningKey, signingKeyOf } from './signing-key';

/**
 * Opens a key the keystore holds (its encrypted secret key, then its revocation certificate) for
 * one signing job. SignetError 'wrong-passphrase' when the passphrase is wrong; FormatError when
 * the file is not the key its record names.
 */
export async function openStoredOpenPgpKey(
  stored: { info: KeyInfo; keyFile: Uint8Array },
  passphrase: string,
  now: Date = new Date(),
): Promise<OpenPgpSigningKey> {
  let key: Awaited<ReturnType<typeof readPrivateKey>>;
  try {
    key = await readPrivateKey({
      armoredKey: secretKeyPart(Buffer.from(stored.keyFile).toString('utf8')),
      config: FULL_LIBRARY_CONFIG,
    });
  } catch {
    throw new FormatError('The key file in the keystore is damaged.');
  }
  if (key.getFingerprint().toUpperCase() !== stored.info.fingerprint) {
    throw new FormatError('The secret key file does not match the key it is filed under.');
  }
  const decrypted = key.isDecrypted() ? key : await decryptWith(key, passphrase);
  return signingKeyOf(decrypted, stored.info.publicKey, now);
}
