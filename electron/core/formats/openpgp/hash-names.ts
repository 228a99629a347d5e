import { enums } from 'openpgp';
import type { HashName } from '../ids';

/** OpenPGP hash algorithm ids Signet can compute with node:crypto. */
const BY_ID: ReadonlyMap<number, HashName> = new Map([
  [enums.hash.md5, 'md5'],
  [enums.hash.sha1, 'sha1'],
  [enums.hash.sha224, 'sha224'],
  [enums.hash.sha256, 'sha256'],
  [enums.hash.sha384, 'sha384'],
  [enums.hash.sha512, 'sha512'],
]);

export function hashNameOf(id: number): HashName | undefined {
  return BY_ID.get(id);
}

/** The names a cleartext `Hash:` header uses (RFC 9580 §7.1). */
const ARMOR_NAMES: Record<string, HashName> = {
  MD5: 'md5',
  SHA1: 'sha1',
  SHA224: 'sha224',
  SHA256: 'sha256',
  SHA384: 'sha384',
  SHA512: 'sha512',
};

export function hashNameFromArmor(text: string): HashName | undefined {
  return ARMOR_NAMES[text.trim().toUpperCase()];
}
