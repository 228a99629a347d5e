import type { ContentNeed } from '../format-module';
import type { OpenPgpSignature, PacketInternals } from './signature-packet';

/**
 * What a document signature hashes after the content (RFC 9580 §5.2.4): the hashed part of the
 * signature packet, then a trailer. v6 also hashes its salt before the content. v5 (LibrePGP) adds
 * the literal-data fields, all zero for a detached signature, and an 8-octet length.
 */
function signatureSuffix(sig: OpenPgpSignature): { prefix?: Uint8Array; suffix: Uint8Array } {
  const data = sig.packet.signatureData;
  if (!data) throw new Error('signature packet was not read');
  const length = data.length;
  if (sig.version === 5) {
    const trailer = new Uint8Array(6 + 2 + 8);
    trailer[6] = 5;
    trailer[7] = 0xff;
    new DataView(trailer.buffer).setBigUint64(8, BigInt(length));
    return { suffix: concat(data, trailer) };
  }
  const trailer = new Uint8Array(6);
  trailer[0] = sig.version;
  trailer[1] = 0xff;
  new DataView(trailer.buffer).setUint32(2, length);
  const suffix = concat(data, trailer);
  if (sig.version === 6)
    return { prefix: (sig.packet as unknown as PacketInternals).salt ?? new Uint8Array(0), suffix };
  return { suffix };
}

/** The one-read need for this signature; undefined when its hash is one Signet cannot compute. */
export function contentNeedOf(sig: OpenPgpSignature): ContentNeed | undefined {
  if (!sig.hash) return undefined;
  const { prefix, suffix } = signatureSuffix(sig);
  return {
    kind: 'hash-then-suffix',
    algorithm: sig.hash,
    suffix,
    ...(prefix ? { prefix } : {}),
    ...(sig.textMode ? { canonicalText: true } : {}),
  };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
