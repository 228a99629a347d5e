import { enums, SignaturePacket } from 'openpgp';
import { FormatError } from '../../errors';
import type { HashName } from '../ids';
import { hashNameOf } from './hash-names';
import { FULL_LIBRARY_CONFIG } from './library-config';

/** One signature over a document (type 0x00 binary or 0x01 text), read with openpgp.js. */
/** Fields openpgp.js sets on a read packet that its typings do not list. */
export interface PacketInternals {
  salt: Uint8Array | null;
}

export interface OpenPgpSignature {
  packet: SignaturePacket;
  version: number;
  /** True for a text signature (0x01): the content is hashed with CRLF line ends. */
  textMode: boolean;
  /** Undefined when the hash is one Signet cannot compute (RIPEMD-160, SHA-3): never valid. */
  hash: HashName | undefined;
  publicKeyAlgorithm: number;
  created: Date;
  /** 16 upper-case hex digits, or undefined when the signature names no issuer. */
  issuerKeyId: string | undefined;
  /** Upper-case hex, when the signature carries an issuer-fingerprint subpacket. */
  issuerFingerprint: string | undefined;
}

const WILDCARD_KEY_ID = '0000000000000000';

/** Reads one signature packet body; FormatError for anything that is not a document signature. */
export function readSignaturePacket(body: Uint8Array): OpenPgpSignature {
  const packet = new SignaturePacket();
  try {
    // The typings omit read's config argument; it turns on v5 parsing (see library-config.ts).
    (packet as unknown as { read(b: Uint8Array, c: object): void }).read(body, FULL_LIBRARY_CONFIG);
  } catch {
    throw new FormatError('An OpenPGP signature in the file is damaged or of a kind Signet does not read.');
  }
  const type = packet.signatureType;
  if (type !== enums.signature.binary && type !== enums.signature.text) {
    throw new FormatError(
      'The OpenPGP file holds a key signature or revocation, not a signature over a file.',
    );
  }
  const created = packet.created;
  if (!(created instanceof Date) || Number.isNaN(created.getTime())) {
    throw new FormatError('An OpenPGP signature in the file has no creation time.');
  }
  if (packet.unknownSubpackets.some((s) => s.critical) || packet.rawNotations.some((n) => n.critical)) {
    throw new FormatError('An OpenPGP signature in the file needs a feature Signet does not read.');
  }
  const keyId = packet.issuerKeyID.toHex().toUpperCase();
  const fingerprint = packet.issuerFingerprint
    ? Buffer.from(packet.issuerFingerprint).toString('hex').toUpperCase()
    : undefined;
  return {
    packet,
    version: packet.version ?? 0,
    textMode: type === enums.signature.text,
    hash: hashNameOf(packet.hashAlgorithm ?? 0),
    publicKeyAlgorithm: packet.publicKeyAlgorithm ?? 0,
    created,
    issuerKeyId: keyId === WILDCARD_KEY_ID ? undefined : keyId,
    issuerFingerprint: fingerprint,
  };
}
