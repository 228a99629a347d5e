import { readPrivateKey, reformatKey } from 'openpgp';
import type { KeyInfo } from '../../../../shared/domain';
import { FormatError, SignetError } from '../../errors';
import { TWO_YEARS_SECONDS } from './key-create';
import { formatKeyFile, publicCertificateOf, secretKeyPart, WRITE_CONFIG } from './key-material';
import { FULL_LIBRARY_CONFIG } from './library-config';
import { decryptWith } from './secret-key-import';

/**
 * "Extend by 2 years": the key's self-signatures made again with an expiry two years past the
 * later of today and its current expiry, as `gpg --quick-set-expire` does. The key material and
 * its fingerprint stay; the stored key is encrypted again with the same passphrase, with a fresh
 * revocation certificate. SignetError 'wrong-passphrase' when the passphrase is wrong.
 */
export async function extendOpenPgpKey(
  stored: { info: KeyInfo; keyFile: Uint8Array },
  passphrase: string,
  now: Date = new Date(),
): Promise<{ keyFile: string; publicKey: string; expiresAt: string }> {
  if (stored.info.fingerprint?.length !== 40) {
    throw new SignetError(
      'usage',
      'Only an OpenPGP key can be extended here; a certificate is renewed by its issuer.',
    );
  }
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
  if ((key.keyPacket as { isDummy(): boolean }).isDummy()) {
    throw new SignetError(
      'usage',
      'This key’s primary secret is not here (a --export-secret-subkeys export); extend it where it is, with gpg.',
    );
  }
  const decrypted = await decryptWith(key, passphrase);
  const current = stored.info.expiresAt ? Date.parse(stored.info.expiresAt) : now.getTime();
  const until = Math.max(current, now.getTime()) + TWO_YEARS_SECONDS * 1000;
  const created = key.getCreationTime().getTime();
  const userIDs = key.users
    .map((user) => user.userID)
    .filter((id): id is NonNullable<typeof id> => id !== null)
    .map((id) => ({ name: id.name, email: id.email, ...(id.comment ? { comment: id.comment } : {}) }));
  const made = await reformatKey({
    privateKey: decrypted,
    userIDs,
    passphrase,
    keyExpirationTime: Math.floor((until - created) / 1000),
    date: now,
    format: 'object',
    config: WRITE_CONFIG,
  });
  const expires = await made.privateKey.getExpirationTime(undefined, FULL_LIBRARY_CONFIG);
  return {
    keyFile: formatKeyFile(made.privateKey.armor(WRITE_CONFIG), made.revocationCertificate),
    publicKey: publicCertificateOf(made.privateKey),
    expiresAt: expires instanceof Date ? expires.toISOString() : new Date(until).toISOString(),
  };
}
