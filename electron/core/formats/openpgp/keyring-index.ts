import { hash } from 'node:crypto';
import { crc24 } from './crc24';
import { readPackets, TAG } from './packets';

/**
 * One certificate of a keyring, found by reading packet headers only: its bytes, and the
 * fingerprints and key ids of its primary key and subkeys. A distribution's developer keyring holds
 * about a thousand certificates; openpgp.js need parse only the few a signature names.
 */
export interface IndexedCertificate {
  bytes: Uint8Array;
  /** Upper-case hex primary fingerprint; undefined for a key version Signet does not index. */
  fingerprint: string | undefined;
  /** Every key's fingerprint and 16-hex-digit key id, primary and subkeys, upper case. */
  names: ReadonlySet<string>;
}

/** Splits binary certificates at each primary key packet. FormatError on bad framing. */
export function indexKeyring(binary: Uint8Array): IndexedCertificate[] {
  const found: IndexedCertificate[] = [];
  let current:
    | { start: number; end: number; fingerprint: string | undefined; names: Set<string> }
    | undefined;
  const close = () => {
    if (current)
      found.push({
        bytes: binary.subarray(current.start, current.end),
        fingerprint: current.fingerprint,
        names: current.names,
      });
  };
  for (const packet of readPackets(binary)) {
    if (packet.tag === TAG.publicKey) {
      close();
      const ids = keyNames(packet.body);
      current = { start: packet.start, end: packet.end, fingerprint: ids?.fingerprint, names: new Set() };
      if (ids) for (const name of [ids.fingerprint, ids.keyId]) current.names.add(name);
      continue;
    }
    if (!current) continue;
    current.end = packet.end;
    if (packet.tag === TAG.publicSubkey) {
      const ids = keyNames(packet.body);
      if (ids) for (const name of [ids.fingerprint, ids.keyId]) current.names.add(name);
    }
  }
  close();
  return found;
}

/**
 * RFC 9580 §5.5.4: v4 fingerprints are SHA-1 over 0x99 ‖ 2-byte length ‖ body, the key id their
 * last 8 bytes; v6 (and v5) are SHA-256 over 0x9B (0x9A) ‖ 4-byte length ‖ body, the key id their
 * first 8 bytes. Both subkey and primary key bodies hash with the primary key's tag byte.
 */
function keyNames(body: Uint8Array): { fingerprint: string; keyId: string } | undefined {
  const version = body[0];
  if (version === 4) {
    const head = Buffer.from([0x99, (body.length >> 8) & 0xff, body.length & 0xff]);
    const fingerprint = hash('sha1', Buffer.concat([head, body]), 'hex').toUpperCase();
    return { fingerprint, keyId: fingerprint.slice(-16) };
  }
  if (version === 6 || version === 5) {
    const head = Buffer.alloc(5);
    head[0] = version === 6 ? 0x9b : 0x9a;
    head.writeUInt32BE(body.length, 1);
    const fingerprint = hash('sha256', Buffer.concat([head, body]), 'hex').toUpperCase();
    return { fingerprint, keyId: fingerprint.slice(0, 16) };
  }
  return undefined;
}

/** One certificate's bytes as an armored PUBLIC KEY BLOCK (what a trust entry stores). */
export function armorPublicKey(bytes: Uint8Array): string {
  const base64 = Buffer.from(bytes).toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < base64.length; i += 64) lines.push(base64.slice(i, i + 64));
  const crc = crc24(bytes);
  const checksum = Buffer.from([(crc >> 16) & 0xff, (crc >> 8) & 0xff, crc & 0xff]).toString('base64');
  return `-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n${lines.join('\n')}\n=${checksum}\n-----END PGP PUBLIC KEY BLOCK-----\n`;
}
