import type { PublicKeyPacket, PublicSubkeyPacket, SignaturePacket } from 'openpgp';
import { FULL_LIBRARY_CONFIG } from './library-config';

type KeyPacket = PublicKeyPacket | PublicSubkeyPacket;

/**
 * openpgp.js's SignaturePacket.verify takes a precomputed digest through its `hashed` field (how
 * its own streaming verification hands one over): then it does no hashing of its own, only the
 * left-16-bits check and the public-key maths (RSA PKCS#1 v1.5, DSA, ECDSA, EdDSA legacy, Ed25519
 * and Ed448). The typings do not list the field, hence this one narrow cast.
 */
interface DigestHook {
  hashed?: Uint8Array | Promise<Uint8Array>;
}

/**
 * True when `digest` (H(prefix ‖ content ‖ suffix) for this signature) was signed by `key`.
 * Dates, hash and key-size rules are not judged here (VerifyPolicy does that). Never throws.
 */
export async function verifyDigest(
  sig: SignaturePacket,
  key: KeyPacket,
  digest: Uint8Array,
): Promise<boolean> {
  const signed = sig.signedHashValue;
  if (!signed || signed[0] !== digest[0] || signed[1] !== digest[1]) return false;
  // A shallow copy carries the digest, so checks of one parsed signature may run side by side.
  const copy = Object.assign(Object.create(Object.getPrototypeOf(sig)), sig) as SignaturePacket;
  (copy as unknown as DigestHook).hashed = digest;
  // A signature that names no issuer (wildcard key id) is tried against each candidate key; the
  // library insists the names match, so it is told which key is being tried.
  if (/^0+$/.test(sig.issuerKeyID.toHex())) copy.issuerKeyID = key.getKeyID();
  try {
    // date null: no date checks; dates are judged against the policy by the caller.
    await copy.verify(
      key,
      sig.signatureType as number,
      undefined as never,
      null as never,
      true,
      FULL_LIBRARY_CONFIG,
    );
    return true;
  } catch {
    return false;
  }
}
