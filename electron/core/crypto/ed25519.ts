import {
  createHash,
  createPrivateKey,
  createPublicKey,
  type KeyObject,
  randomBytes,
  sign,
} from 'node:crypto';
import * as ed from '@noble/ed25519';

// noble needs a SHA-512; Node's OpenSSL one is faster than a JS one and always present.
ed.hashes.sha512 = (message: Uint8Array) => new Uint8Array(createHash('sha512').update(message).digest());

export interface Ed25519KeyPair {
  /** 32-byte seed (RFC 8032 private key). */
  seed: Uint8Array;
  publicKey: Uint8Array;
}

/** An Ed25519 PrivateKeyInfo up to its 32 seed bytes (RFC 8410). */
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * The seed as an OpenSSL key. Ed25519 is deterministic (RFC 8032), so OpenSSL's signature and
 * public key are noble's to the byte; noble's first base-point multiplication builds a 4,224-point
 * table (~50 ms and its garbage in a cold process: most of what `signet sign` did after hashing),
 * OpenSSL's takes well under a millisecond. Undefined where the runtime's crypto lacks Ed25519.
 */
function opensslKey(seed: Uint8Array): KeyObject | undefined {
  if (seed.length !== 32) return undefined;
  const der = Buffer.concat([PKCS8_PREFIX, seed]);
  try {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } catch {
    return undefined;
  } finally {
    der.fill(0);
  }
}

export function generateEd25519KeyPair(): Ed25519KeyPair {
  const seed = new Uint8Array(randomBytes(32));
  return { seed, publicKey: ed25519PublicKey(seed) };
}

export function ed25519PublicKey(seed: Uint8Array): Uint8Array {
  const key = opensslKey(seed);
  if (!key) return ed.getPublicKey(seed);
  // The SubjectPublicKeyInfo ends with the 32 public key bytes.
  return new Uint8Array(createPublicKey(key).export({ format: 'der', type: 'spki' }).subarray(-32));
}

export function ed25519Sign(message: Uint8Array, seed: Uint8Array): Uint8Array {
  const key = opensslKey(seed);
  return key ? new Uint8Array(sign(null, message, key)) : ed.sign(message, seed);
}

// Verification builds no base-point table: see ed25519-verify.ts.
export { ed25519Verify } from './ed25519-verify';
