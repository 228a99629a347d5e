import { FormatError } from '../../errors';

/** Packet tags Signet looks at (RFC 9580 §5). */
export const TAG = {
  signature: 2,
  secretKey: 5,
  publicKey: 6,
  secretSubkey: 7,
  compressed: 8,
  marker: 10,
  literal: 11,
  trust: 12,
  userId: 13,
  publicSubkey: 14,
  userAttribute: 17,
  padding: 21,
  onePassSignature: 4,
} as const;

export interface RawPacket {
  tag: number;
  body: Uint8Array;
  /** Where the packet, header included, starts and ends in the stream. */
  start: number;
  end: number;
}

/**
 * Splits a binary OpenPGP stream into packets. Partial and indeterminate lengths only occur in
 * data packets (literal, compressed, encrypted), which no signature or certificate holds: refused.
 */
export function readPackets(bytes: Uint8Array): RawPacket[] {
  const packets: RawPacket[] = [];
  let i = 0;
  while (i < bytes.length) {
    const first = bytes[i] ?? 0;
    if ((first & 0x80) === 0) throw new FormatError('This is not OpenPGP data: a packet header is wrong.');
    let tag: number;
    let length: number;
    let at = i + 1;
    if (first & 0x40) {
      tag = first & 0x3f;
      const o1 = need(bytes, at);
      if (o1 < 192) {
        length = o1;
        at += 1;
      } else if (o1 < 224) {
        length = ((o1 - 192) << 8) + need(bytes, at + 1) + 192;
        at += 2;
      } else if (o1 === 255) {
        length = readU32(bytes, at + 1);
        at += 5;
      } else {
        throw new FormatError(
          'This OpenPGP data holds a streamed packet, which a signature or key never has.',
        );
      }
    } else {
      tag = (first >> 2) & 0x0f;
      const lengthType = first & 0x03;
      if (lengthType === 3) {
        throw new FormatError(
          'This OpenPGP data holds a packet of unknown length, which a signature or key never has.',
        );
      }
      const size = 1 << lengthType;
      length = 0;
      for (let k = 0; k < size; k++) length = length * 256 + need(bytes, at + k);
      at += size;
    }
    if (at + length > bytes.length) throw new FormatError('The OpenPGP data is cut short.');
    packets.push({ tag, body: bytes.subarray(at, at + length), start: i, end: at + length });
    i = at + length;
  }
  return packets;
}

function need(bytes: Uint8Array, at: number): number {
  const value = bytes[at];
  if (value === undefined) throw new FormatError('The OpenPGP data is cut short.');
  return value;
}

function readU32(bytes: Uint8Array, at: number): number {
  return (
    need(bytes, at) * 0x1000000 +
    ((need(bytes, at + 1) << 16) | (need(bytes, at + 2) << 8) | need(bytes, at + 3))
  );
}
