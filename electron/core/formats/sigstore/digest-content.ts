import type { KeyObject } from 'node:crypto';
import { timingSafeEqual } from 'node:crypto';
import type { MessageSignature } from '@sigstore/bundle';
import { type PrehashAlgorithm, verifyPrehashed } from './prehashed-verify';

/**
 * The library's SignatureContent for a message signature, fed the artifact's digest from Signet's
 * one streaming read instead of the whole artifact in a Buffer (@sigstore/verify's
 * MessageSignatureContent). Every comparison is against the digest Signet computed, never the
 * digest the bundle claims.
 */
export class DigestSignatureContent {
  readonly signature: Buffer;
  /** Set when the key cannot check a prehashed signature (Ed25519): the caller refuses. */
  unsupportedKey = false;

  constructor(
    messageSignature: MessageSignature,
    private readonly algorithm: PrehashAlgorithm,
    private readonly artifactDigest: Buffer,
  ) {
    this.signature = Buffer.from(messageSignature.signature);
  }

  compareSignature(signature: Buffer): boolean {
    return sameBytes(signature, this.signature);
  }

  compareDigest(digest: Buffer): boolean {
    return sameBytes(digest, this.artifactDigest);
  }

  verifySignature(key: KeyObject): boolean {
    const verdict = verifyPrehashed(key, this.algorithm, this.artifactDigest, this.signature);
    if (verdict === undefined) this.unsupportedKey = true;
    return verdict === true;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
