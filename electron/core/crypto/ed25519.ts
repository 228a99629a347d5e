import { createHash, randomBytes } from 'node:crypto';
import * as ed from '@noble/ed25519';

// noble needs a SHA-512; Node's OpenSSL one is faster than a JS one and always present.
ed.hashes.sha512 = (message: Uint8Array) => new Uint8Array(createHash('sha512').update(message).digest());

export interface Ed25519KeyPair {
  /** 32-byte seed (RFC 8032 private key). */
  seed: Uint8Array;
  publicKey: Uint8Array;
}

export function generateEd25519KeyPair(): Ed25519KeyPair {
  const seed = new Uint8Array(randomBytes(32));
  return { seed, publicKey: ed.getPublicKey(seed) };
}

export function ed25519PublicKey(seed: Uint8Array): Uint8Array {
  return ed.getPublicKey(seed);
}

export function ed25519Sign(message: Uint8Array, seed: Uint8Array): Uint8Array {
  return ed.sign(message, seed);
}

// Verification builds no base-point table: see ed25519-verify.ts.
export { ed25519Verify } from './ed25519-verify';
