import { constants, createPrivateKey, privateEncrypt } from 'node:crypto';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import type { PrivateKey } from 'openpgp';
import { ed25519Sign } from '../../crypto/ed25519';
import { FormatError, SignetError } from '../../errors';
import { FULL_LIBRARY_CONFIG } from './library-config';
import { concat, mpi, type SigningHash } from './signature-writer';

/**
 * The decrypted half of an OpenPGP key that signs (the primary, or its signing subkey): only what
 * making a signature needs, its secret numbers wiped by `forget` when the job ends (an RSA key's
 * Node KeyObject, made once per job, is dropped with it: Node offers no way to wipe one).
 */
export interface OpenPgpSigningKey {
  /** The public-key algorithm id (1 RSA, 19 ECDSA, 22 EdDSA legacy, 27 Ed25519). */
  algorithm: number;
  /** The signing (sub)key's v4 fingerprint (20 bytes) and long key id (its last 8). */
  fingerprint: Uint8Array;
  keyId: Uint8Array;
  /** The primary key's fingerprint, upper-case hex: what people compare and the keystore files it by. */
  primaryFingerprint: string;
  /** The armored certificate (public key, self-signatures only) the signatures check against. */
  certificate: string;
  /** The signature's algorithm-specific fields over a digest already computed. */
  signDigest(digest: Uint8Array, hash: SigningHash): Uint8Array;
  forget(): void;
}

interface Params {
  [name: string]: Uint8Array | { getName?(): string; toHex?(): string } | undefined;
}

/** PKCS#1 v1.5 DigestInfo prefixes (RFC 8017 §9.2 note 1). */
const DIGEST_INFO: Record<SigningHash, string> = {
  sha256: '3031300d060960864801650304020105000420',
  sha512: '3051300d060960864801650304020305000440',
};

const EC_CURVES = { nistP256: p256, nistP384: p384, nistP521: p521 } as const;

/** The signing (sub)key of a decrypted openpgp.js key, as Signet signs with it. */
export async function signingKeyOf(
  key: PrivateKey,
  certificate: string,
  now: Date,
): Promise<OpenPgpSigningKey> {
  let signer: Awaited<ReturnType<PrivateKey['getSigningKey']>>;
  try {
    signer = await key.getSigningKey(undefined, now, undefined, FULL_LIBRARY_CONFIG);
  } catch {
    throw new SignetError(
      'usage',
      'This OpenPGP key has no key that may sign today (expired, revoked or none).',
    );
  }
  const packet = signer.keyPacket as unknown as {
    algorithm: number;
    publicParams: Params;
    privateParams: Params | null;
    getFingerprintBytes(): Uint8Array;
    getKeyID(): { write(): Uint8Array };
    isDecrypted(): boolean | null;
  };
  if (!packet.privateParams || packet.isDecrypted() === false) {
    throw new SignetError('usage', 'The signing key is not decrypted; nothing was signed.');
  }
  const secrets = Object.values(packet.privateParams).filter((v): v is Uint8Array => v instanceof Uint8Array);
  const sign = signerFor(packet.algorithm, packet.publicParams, packet.privateParams);
  return {
    algorithm: packet.algorithm,
    fingerprint: new Uint8Array(packet.getFingerprintBytes()),
    keyId: new Uint8Array(packet.getKeyID().write()),
    primaryFingerprint: key.getFingerprint().toUpperCase(),
    certificate,
    signDigest: sign,
    forget() {
      for (const secret of secrets) secret.fill(0);
      // Every decrypted (sub)key of it, not only the one that signs (a primary opened with its subkey).
      (key as unknown as { clearPrivateParams(): void }).clearPrivateParams();
    },
  };
}

function signerFor(
  algorithm: number,
  pub: Params,
  priv: Params,
): (digest: Uint8Array, hash: SigningHash) => Uint8Array {
  const bytes = (params: Params, name: string): Uint8Array => {
    const value = params[name];
    if (!(value instanceof Uint8Array)) throw new FormatError('The OpenPGP secret key is incomplete.');
    return value;
  };
  switch (algorithm) {
    case 1:
    case 3: {
      const jwk = rsaJwk(
        bytes(pub, 'n'),
        bytes(pub, 'e'),
        bytes(priv, 'd'),
        bytes(priv, 'p'),
        bytes(priv, 'q'),
        bytes(priv, 'u'),
      );
      const keyObject = createPrivateKey({ key: jwk, format: 'jwk' });
      return (digest, hash) =>
        mpi(
          privateEncrypt(
            { key: keyObject, padding: constants.RSA_PKCS1_PADDING },
            Buffer.concat([Buffer.from(DIGEST_INFO[hash], 'hex'), digest]),
          ),
        );
    }
    case 19: {
      const oid = pub.oid as { getName?(): string } | undefined;
      const curve = EC_CURVES[(oid?.getName?.() ?? '') as keyof typeof EC_CURVES];
      if (!curve)
        throw new SignetError('usage', 'Signet signs with ECDSA keys on P-256, P-384 and P-521 only.');
      const d = bytes(priv, 'd');
      return (digest) => {
        const sig = curve.sign(digest, d, { prehash: false, lowS: false });
        const half = sig.length / 2;
        return concat(mpi(sig.subarray(0, half)), mpi(sig.subarray(half)));
      };
    }
    case 22: {
      const seed = bytes(priv, 'seed');
      return (digest) => {
        const sig = ed25519Sign(digest, seed);
        return concat(mpi(sig.subarray(0, 32)), mpi(sig.subarray(32)));
      };
    }
    case 27: {
      const seed = bytes(priv, 'seed');
      return (digest) => ed25519Sign(digest, seed);
    }
    default:
      throw new SignetError('usage', 'Signet signs with RSA, ECDSA and Ed25519 OpenPGP keys only.');
  }
}

/**
 * OpenPGP keeps p < q and u = p⁻¹ mod q; a JWK wants qi = q⁻¹ mod p, so the primes trade places
 * and u is that qi as it stands.
 */
function rsaJwk(n: Uint8Array, e: Uint8Array, d: Uint8Array, p: Uint8Array, q: Uint8Array, u: Uint8Array) {
  const big = (b: Uint8Array) => BigInt(`0x${Buffer.from(b).toString('hex') || '0'}`);
  const b64 = (value: bigint) => {
    let hex = value.toString(16);
    if (hex.length % 2) hex = `0${hex}`;
    return Buffer.from(hex, 'hex').toString('base64url');
  };
  const raw = (b: Uint8Array) => Buffer.from(b).toString('base64url');
  const D = big(d);
  const P = big(q);
  const Q = big(p);
  return {
    kty: 'RSA',
    n: raw(n),
    e: raw(e),
    d: raw(d),
    p: b64(P),
    q: b64(Q),
    dp: b64(D % (P - 1n)),
    dq: b64(D % (Q - 1n)),
    qi: raw(u),
  };
}
