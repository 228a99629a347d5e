import { createHash, createPublicKey, verify } from 'node:crypto';
import { Point } from '@noble/ed25519';

const ORDER = Point.CURVE().n;

/**
 * noble multiplies the base point B through a table of 4,224 points it builds on first use (~50 ms
 * and as much again in garbage collection on this machine's class of CPU): that pays off over many
 * signatures, but a CLI run checks one or two. -B is not B, so noble multiplies it with its plain
 * ladder, and [S]B = [L - S](-B) because [L]B is the identity.
 */
const MINUS_BASE = Point.BASE.negate();

const littleEndian = (bytes: Uint8Array) =>
  BigInt(`0x${Buffer.from(bytes).reverse().toString('hex') || '0'}`);

/**
 * RFC 8032 section 5.1.7 with the strict rules libsodium (so minisign, signify and OpenSSH) applies,
 * and the same checks as noble's own `verify(..., { zip215: false })`, which a property test holds it
 * to: S below the group order, canonical point encodings, no small-order public key, and the
 * cofactored equation [8][S]B = [8]R + [8][k]A. Never throws: anything malformed does not verify.
 */
export function ed25519Verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.length !== 64 || publicKey.length !== 32) return false;
  try {
    const encodedR = signature.subarray(0, 32);
    const s = littleEndian(signature.subarray(32, 64));
    if (s >= ORDER) return false;
    const A = Point.fromBytes(publicKey, false);
    if (A.isSmallOrder()) return false;
    if (opensslAccepts(signature, message, publicKey)) return true;
    const R = Point.fromBytes(encodedR, false);
    // k = SHA-512(R || A || M), hashed in parts so a large message is never copied.
    const k =
      littleEndian(createHash('sha512').update(encodedR).update(publicKey).update(message).digest()) % ORDER;
    const sB = s === 0n ? Point.ZERO : MINUS_BASE.multiply(ORDER - s, false);
    return R.add(A.multiply(k, false)).subtract(sB).clearCofactor().is0();
  } catch {
    return false;
  }
}

/** An Ed25519 SubjectPublicKeyInfo up to its 32 key bytes (RFC 8410). */
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/**
 * Node's OpenSSL check, ~1 ms where noble's two scalar multiplications in a cold process take
 * ~15 ms: a fast way to say yes, never to say no. With S < L and A canonical and not of small order
 * (checked before), OpenSSL's yes means R is the canonical encoding of [S]B - [k]A, so the
 * cofactored equation holds too; anything OpenSSL refuses is decided by the full check.
 */
function opensslAccepts(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  try {
    const key = createPublicKey({
      key: Buffer.concat([SPKI_PREFIX, publicKey]),
      format: 'der',
      type: 'spki',
    });
    return verify(null, message, key, signature);
  } catch {
    return false;
  }
}
