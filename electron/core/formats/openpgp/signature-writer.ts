import { crc24 } from './crc24';
import type { OpenPgpSigningKey } from './signing-key';

/** The hashes Signet signs with: SHA-512 by default, SHA-256 when a project asks for it. */
export type SigningHash = 'sha512' | 'sha256';

const HASH_ID: Record<SigningHash, number> = { sha256: 8, sha512: 10 };

export const SIGNATURE_TYPE = { binary: 0x00, text: 0x01 } as const;

/**
 * A v4 document signature whose hashed part is fixed before the content is read: the one read of
 * a file computes H(content ‖ suffix) beside its other digests, then `finish` makes the packet.
 * Written by hand because openpgp.js hashes the data itself and cannot take a digest made by
 * Signet's one-read engine (a 1 GiB file would be read twice when a .sha512 is written too).
 */
export interface PreparedSignature {
  algorithm: SigningHash;
  /** Hashed after the content (RFC 9580 §5.2.4): the hashed part of the packet, then the v4 trailer. */
  suffix: Uint8Array;
  /** The whole signature packet (tag 2) over `digest` = H(content ‖ suffix). */
  finish(digest: Uint8Array): Uint8Array;
}

export function prepareSignature(
  key: OpenPgpSigningKey,
  options: { type: number; hash: SigningHash; created: Date },
): PreparedSignature {
  const seconds = Math.floor(options.created.getTime() / 1000);
  const created = new Uint8Array(4);
  new DataView(created.buffer).setUint32(0, seconds);
  // Creation time and issuer fingerprint are hashed, as gpg writes them; the issuer key id goes
  // unhashed, for readers older than the fingerprint subpacket.
  const hashedArea = concat(subpacket(2, created), subpacket(33, concat(Uint8Array.of(4), key.fingerprint)));
  const hashedPart = concat(
    Uint8Array.of(4, options.type, key.algorithm, HASH_ID[options.hash]),
    u16(hashedArea.length),
    hashedArea,
  );
  const trailer = new Uint8Array(6);
  trailer[0] = 4;
  trailer[1] = 0xff;
  new DataView(trailer.buffer).setUint32(2, hashedPart.length);
  const unhashedArea = subpacket(16, key.keyId);
  return {
    algorithm: options.hash,
    suffix: concat(hashedPart, trailer),
    finish(digest) {
      const body = concat(
        hashedPart,
        u16(unhashedArea.length),
        unhashedArea,
        digest.subarray(0, 2),
        key.signDigest(digest, options.hash),
      );
      return concat(packetHeader(2, body.length), body);
    },
  };
}

/** ASCII armour as gpg writes it (with the CRC-24 line GnuPG 2.2 expects), lines of 64. */
export function armorSignature(packets: Uint8Array): string {
  const base64 = Buffer.from(packets).toString('base64');
  const lines = base64.match(/.{1,64}/g) ?? [];
  const crc = new Uint8Array(3);
  const sum = crc24(packets);
  crc[0] = sum >> 16;
  crc[1] = (sum >> 8) & 0xff;
  crc[2] = sum & 0xff;
  return [
    '-----BEGIN PGP SIGNATURE-----',
    '',
    ...lines,
    `=${Buffer.from(crc).toString('base64')}`,
    '-----END PGP SIGNATURE-----',
    '',
  ].join('\n');
}

/** An MPI: bit count, then the big-endian value without leading zero bytes. */
export function mpi(value: Uint8Array): Uint8Array {
  let start = 0;
  while (start < value.length - 1 && value[start] === 0) start++;
  const bytes = value.subarray(start);
  const top = bytes[0] ?? 0;
  const bits = top === 0 ? 0 : (bytes.length - 1) * 8 + (32 - Math.clz32(top));
  return concat(u16(bits), bytes);
}

function subpacket(type: number, body: Uint8Array): Uint8Array {
  // Every subpacket Signet writes is short: a one-octet length (type included).
  return concat(Uint8Array.of(body.length + 1, type), body);
}

function packetHeader(tag: number, length: number): Uint8Array {
  if (length < 192) return Uint8Array.of(0xc0 | tag, length);
  if (length < 8384) {
    const rest = length - 192;
    return Uint8Array.of(0xc0 | tag, (rest >> 8) + 192, rest & 0xff);
  }
  const out = Uint8Array.of(0xc0 | tag, 0xff, 0, 0, 0, 0);
  new DataView(out.buffer).setUint32(2, length);
  return out;
}

function u16(value: number): Uint8Array {
  return Uint8Array.of(value >> 8, value & 0xff);
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
