import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import { bundleToJSON, type SerializedBundle, toMessageSignatureBundle } from '@sigstore/bundle';
import { RekorWitness } from '@sigstore/sign';
import { FormatError } from '../../errors';

/**
 * Where a managed-key signature is recorded. `none` is the organisation's explicit choice not to use
 * a transparency log (cosign's `--tlog-upload=false`): the bundle then carries no log entry and no
 * signed time, and only the key vouches for it.
 */
type ManagedKeyLog = { kind: 'none' } | { kind: 'rekor'; url: string; timeoutMs?: number };

export interface ManagedKeySignInput {
  /** An ECDSA P-256 private key (from a PKCS#8 PEM file now; from the keystore or a token later). */
  privateKey: KeyObject;
  /** SHA-256 of the file, from the one streaming read: the file itself is never held in memory. */
  sha256: Uint8Array;
  log: ManagedKeyLog;
}

export interface ManagedKeySignature {
  bundle: SerializedBundle;
  /** The public key's SPKI PEM, for the person to publish and for the check after signing. */
  publicKeyPem: string;
  /** SHA-256 of the key's SPKI in hex: the hint's bytes, as a key id for the activity log. */
  keyFingerprint: string;
  /** The log index, when the signature was recorded. */
  logIndex?: string;
}

/**
 * A Sigstore bundle v0.3 as cosign's `sign-blob --key` makes it: a message signature (ECDSA P-256,
 * DER) over the file's SHA-256, a public-key hint (the SHA-256 of the key's SPKI) and no
 * certificate, then the Rekor entry the log returns unless the log is `none`.
 */
export async function signWithManagedKey(input: ManagedKeySignInput): Promise<ManagedKeySignature> {
  const scalar = p256Scalar(input.privateKey);
  if (input.sha256.length !== 32) throw new FormatError('A SHA-256 digest is 32 bytes.');
  const digest = Buffer.from(input.sha256);
  // The digest is signed as it is (no second hash): what cosign and Rekor's hashedrekord expect.
  const signature = Buffer.from(p256.sign(digest, scalar, { prehash: false, format: 'der' }));
  scalar.fill(0);
  const publicKey = createPublicKey(input.privateKey);
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  const publicKeyPem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
  const fingerprint = createHash('sha256').update(spki).digest();
  const keyHint = fingerprint.toString('base64');
  const bundle = toMessageSignatureBundle({ digest, signature, keyHint, certificateChain: false });
  if (input.log.kind === 'rekor') {
    const witness = new RekorWitness({
      rekorBaseURL: input.log.url,
      fetchOnConflict: true,
      retry: 0,
      timeout: input.log.timeoutMs ?? 20_000,
    });
    const { tlogEntries } = await witness.testify(bundle.content, publicKeyPem);
    bundle.verificationMaterial.tlogEntries = tlogEntries;
  }
  const logIndex = bundle.verificationMaterial.tlogEntries[0]?.logIndex;
  return {
    bundle: bundleToJSON(bundle),
    publicKeyPem,
    keyFingerprint: fingerprint.toString('hex'),
    ...(logIndex !== undefined ? { logIndex } : {}),
  };
}

/** The private scalar of a P-256 key; any other kind of key is refused with a sentence. */
function p256Scalar(key: KeyObject): Uint8Array {
  if (key.type !== 'private') throw new FormatError('A Sigstore managed key must be a private key.');
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new FormatError('A Sigstore managed key must be an ECDSA P-256 key.');
  }
  const jwk = key.export({ format: 'jwk' });
  if (!jwk.d) throw new FormatError('A Sigstore managed key must be a private key.');
  return new Uint8Array(Buffer.from(jwk.d, 'base64url'));
}
