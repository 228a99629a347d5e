import { blake2b } from '@noble/hashes/blake2.js';

/**
 * BLAKE2b with a 32-byte output (minisign's secret-key checksum). This is not a truncated
 * BLAKE2b-512 (the output length is in the parameter block), and Node 20's OpenSSL 3.0 cannot set
 * the length, so this one small input goes through @noble/hashes.
 */
export function blake2b256(...parts: Uint8Array[]): Uint8Array {
  const h = blake2b.create({ dkLen: 32 });
  for (const part of parts) h.update(part);
  return h.digest();
}
