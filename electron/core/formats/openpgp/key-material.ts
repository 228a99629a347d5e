import { armor, enums, type Key, PacketList, type PrivateKey, type SignaturePacket } from 'openpgp';
import type { KeyInfo } from '../../../../shared/domain';
import { FULL_LIBRARY_CONFIG } from './library-config';

/** What the keystore files for an OpenPGP key, beside its name. */
export type OpenPgpKeyRecord = Omit<KeyInfo, 'createdAt' | 'backedUpAt' | 'name'>;

/** Settings for keys Signet writes: v4 (what GnuPG 2.2 reads), no random notation in self-signatures. */
export const WRITE_CONFIG = {
  ...FULL_LIBRARY_CONFIG,
  v6Keys: false,
  nonDeterministicSignaturesViaNotation: false,
  preferredHashAlgorithm: enums.hash.sha512,
};

/** The certificate people publish: the public key with its own self-signatures, no one else's. */
export function publicCertificateOf(key: Key): string {
  const pub = key.toPublic();
  for (const user of pub.users) user.otherCertifications = [];
  return pub.armor(WRITE_CONFIG);
}

/** The keystore record of a key: the primary's fingerprint, its User ID, its expiry, its certificate. */
export async function recordOf(key: Key): Promise<OpenPgpKeyRecord> {
  const fingerprint = key.getFingerprint().toUpperCase();
  const keyId = fingerprint.slice(-16);
  let label: string | undefined;
  try {
    label = (await key.getPrimaryUser(undefined, undefined, FULL_LIBRARY_CONFIG)).user.userID?.userID;
  } catch {
    label = key.getUserIDs()[0];
  }
  const expires = await key.getExpirationTime(undefined, FULL_LIBRARY_CONFIG);
  return {
    id: keyId,
    kind: 'openpgp',
    keyId,
    fingerprint,
    ...(label ? { label } : {}),
    ...(expires instanceof Date ? { expiresAt: expires.toISOString() } : {}),
    publicKey: publicCertificateOf(key),
  };
}

const REVOCATION_COMMENT = 'This is a revocation certificate';

/** A revocation signature armored as gpg writes a revocation certificate. */
function armorRevocation(signature: SignaturePacket): string {
  const list = new PacketList();
  list.push(signature);
  return armor(
    enums.armor.publicKey,
    list.write(),
    undefined,
    undefined,
    REVOCATION_COMMENT,
    true,
    WRITE_CONFIG,
  );
}

/** A revocation certificate for a decrypted key ("no reason given"), to keep with its backup. */
export async function makeRevocation(key: PrivateKey): Promise<string> {
  const revoked = await key.revoke(
    { flag: enums.reasonForRevocation.noReason, string: '' },
    new Date(),
    WRITE_CONFIG,
  );
  const signature = revoked.revocationSignatures.at(-1);
  if (!signature) throw new Error('openpgp.js made no revocation signature');
  return armorRevocation(signature);
}

const PRIVATE_END = '-----END PGP PRIVATE KEY BLOCK-----';

/**
 * The key file Signet keeps: the secret key, still encrypted, then its revocation certificate, so
 * a backup carries both (as gpg offers the revocation certificate with a new key).
 */
export function formatKeyFile(encryptedSecretKey: string, revocation: string): string {
  return `${encryptedSecretKey.trimEnd()}\n\n${revocation.trimEnd()}\n`;
}

/** The encrypted secret key part of a stored key file. */
export function secretKeyPart(keyFile: string): string {
  const end = keyFile.indexOf(PRIVATE_END);
  return end < 0 ? keyFile : keyFile.slice(0, end + PRIVATE_END.length);
}

/** The revocation certificate after the secret key in a stored key file, as gpg armors one; undefined without. */
export function revocationPart(keyFile: string): string | undefined {
  const end = keyFile.indexOf(PRIVATE_END);
  if (end < 0) return undefined;
  const rest = keyFile.slice(end + PRIVATE_END.length).trim();
  return /^-----BEGIN PGP PUBLIC KEY BLOCK-----/.test(rest) ? `${rest}\n` : undefined;
}
