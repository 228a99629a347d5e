import { createHash, type KeyObject, timingSafeEqual, verify } from 'node:crypto';
import type { Envelope, TransparencyLogEntry } from '@sigstore/bundle';

/**
 * The library's SignatureContent for a DSSE envelope, aware of how each log recorded it. Rekor v1
 * `dsse`/`intoto` entries hold SHA-256(payload); Rekor v2 logs an envelope as a `hashedrekord`
 * 0.0.2 entry holding SHA-256 of the pre-authentication encoding (rekor-v2 spec §6.1.4), which
 * @sigstore/verify 3.x compares against the payload digest and so refuses. Either digest binds this
 * one envelope; each is accepted only for the entry kind that records it.
 */
export class DsseSignatureContent {
  readonly signature: Buffer;
  private readonly pae: Buffer;
  private readonly acceptedDigests: Buffer[] = [];

  constructor(envelope: Envelope, tlogEntries: readonly TransparencyLogEntry[]) {
    // Sigstore bundles carry exactly one envelope signature; the reader refuses any other count.
    this.signature = Buffer.from(envelope.signatures[0]?.sig ?? Buffer.alloc(0));
    this.pae = preAuthEncoding(envelope.payloadType, Buffer.from(envelope.payload));
    const kinds = new Set(tlogEntries.map((e) => e.kindVersion?.kind));
    if (kinds.has('dsse') || kinds.has('intoto')) {
      this.acceptedDigests.push(sha256(Buffer.from(envelope.payload)));
    }
    if (kinds.has('hashedrekord')) this.acceptedDigests.push(sha256(this.pae));
  }

  compareSignature(signature: Buffer): boolean {
    return sameBytes(signature, this.signature);
  }

  compareDigest(digest: Buffer): boolean {
    return this.acceptedDigests.some((accepted) => sameBytes(digest, accepted));
  }

  verifySignature(key: KeyObject): boolean {
    try {
      return verify(undefined, this.pae, key, this.signature);
    } catch {
      return false;
    }
  }
}

/** DSSE v1 PAE: "DSSEv1" SP len(type) SP type SP len(body) SP body. */
function preAuthEncoding(payloadType: string, payload: Buffer): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${type.length} `, 'utf8'),
    type,
    Buffer.from(` ${payload.length} `, 'utf8'),
    payload,
  ]);
}

function sha256(data: Buffer): Buffer {
  return createHash('sha256').update(data).digest();
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
