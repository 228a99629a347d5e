/** Hash functions a signature or a pasted checksum may name; the policy decides which are acceptable for what. */
export type HashName = 'md5' | 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512' | 'blake2b512';

/** How every format, the policy, the details panel and the checksum answer name a hash to a person. */
export const HASH_LABEL: Readonly<Record<HashName, string>> = {
  md5: 'MD5',
  sha1: 'SHA-1',
  sha224: 'SHA-224',
  sha256: 'SHA-256',
  sha384: 'SHA-384',
  sha512: 'SHA-512',
  blake2b512: 'BLAKE2b-512',
};

export function hashLabel(name: HashName): string {
  return HASH_LABEL[name];
}

/**
 * Old kinds of checksum: someone who means to can make another file with the same one, so a match
 * proves only that a download is complete. Main's comparison and the card both ask this.
 */
export function isWeakChecksum(name: HashName): name is 'md5' | 'sha1' {
  return name === 'md5' || name === 'sha1';
}
