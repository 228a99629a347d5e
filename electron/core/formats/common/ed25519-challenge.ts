import * as ed from '@noble/ed25519';

const L = 2n ** 252n + 27742317777372353535851937790883648493n;

function littleEndian(bytes: Uint8Array): bigint {
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i] ?? 0);
  return value;
}

/**
 * Ed25519 verification (RFC 8032 5.1.7, strict as libsodium: canonical encodings, S < L, no
 * small-order key) when k = SHA-512(R ‖ A ‖ M) was already computed elsewhere: the hash worker
 * streams R ‖ A then the file, so a whole-message signature never needs the file in memory.
 * Never throws: bad input is "does not verify".
 */
export function ed25519VerifyWithChallenge(
  signature: Uint8Array,
  publicKey: Uint8Array,
  challenge: Uint8Array,
): boolean {
  try {
    if (signature.length !== 64 || publicKey.length !== 32 || challenge.length !== 64) return false;
    const s = littleEndian(signature.subarray(32));
    if (s >= L) return false;
    const A = ed.Point.fromBytes(publicKey, false);
    const R = ed.Point.fromBytes(signature.subarray(0, 32), false);
    if (A.isSmallOrder()) return false;
    const k = littleEndian(challenge) % L;
    const SB = s === 0n ? ed.Point.ZERO : ed.Point.BASE.multiply(s, false);
    const kA = k === 0n ? ed.Point.ZERO : A.multiply(k, false);
    return R.add(kA).subtract(SB).clearCofactor().is0();
  } catch {
    return false;
  }
}

/** The prefix the worker hashes before the content: R (first half of the signature) ‖ A. */
export function ed25519ChallengePrefix(signature: Uint8Array, publicKey: Uint8Array): Uint8Array {
  const prefix = new Uint8Array(64);
  prefix.set(signature.subarray(0, 32), 0);
  prefix.set(publicKey.subarray(0, 32), 32);
  return prefix;
}
