import { constants, type KeyObject, publicDecrypt, timingSafeEqual } from 'node:crypto';
import { p256, p384, p521 } from '@noble/curves/nist.js';

export type PrehashAlgorithm = 'sha256' | 'sha512';

/** DER DigestInfo prefixes (RFC 8017 §9.2 note 1): what PKCS#1 v1.5 wraps around the digest. */
const DIGEST_INFO_PREFIX: Record<PrehashAlgorithm, Buffer> = {
  sha256: Buffer.from('3031300d060960864801650304020105000420', 'hex'),
  sha512: Buffer.from('3051300d060960864801650304020305000440', 'hex'),
};

const CURVES = { 'P-256': p256, 'P-384': p384, 'P-521': p521 } as const;

/**
 * Checks a signature against a digest the caller computed while streaming the artifact, so the
 * artifact is never held whole in memory (Node's crypto.verify only takes the message). Returns
 * undefined for keys that sign the message itself (Ed25519) or a padding Signet does not do
 * prehashed (RSA-PSS): the caller must then refuse, never pass.
 */
export function verifyPrehashed(
  key: KeyObject,
  algorithm: PrehashAlgorithm,
  digest: Uint8Array,
  signature: Uint8Array,
): boolean | undefined {
  try {
    if (key.asymmetricKeyType === 'ec') return verifyEcdsa(key, digest, signature);
    if (key.asymmetricKeyType === 'rsa') return verifyRsaPkcs1(key, algorithm, digest, signature);
    return undefined;
  } catch {
    return false;
  }
}

function verifyEcdsa(key: KeyObject, digest: Uint8Array, signature: Uint8Array): boolean | undefined {
  const jwk = key.export({ format: 'jwk' });
  const curve = CURVES[jwk.crv as keyof typeof CURVES];
  if (!curve || !jwk.x || !jwk.y) return undefined;
  const point = Buffer.concat([
    Buffer.from([4]),
    Buffer.from(jwk.x, 'base64url'),
    Buffer.from(jwk.y, 'base64url'),
  ]);
  // Go and OpenSSL do not normalise s, so high-s signatures are valid here as they are in X9.62.
  return curve.verify(signature, digest, point, { prehash: false, lowS: false, format: 'der' });
}

function verifyRsaPkcs1(
  key: KeyObject,
  algorithm: PrehashAlgorithm,
  digest: Uint8Array,
  signature: Uint8Array,
): boolean {
  const recovered = publicDecrypt({ key, padding: constants.RSA_PKCS1_PADDING }, signature);
  const expected = Buffer.concat([DIGEST_INFO_PREFIX[algorithm], digest]);
  return recovered.length === expected.length && timingSafeEqual(recovered, expected);
}
