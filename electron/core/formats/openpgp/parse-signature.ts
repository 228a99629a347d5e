import { FormatError } from '../../errors';
import type { ContentNeed, ParsedSignature } from '../format-module';
import { dearmorAll } from './armor';
import { parseCleartext } from './cleartext';
import { readPackets, TAG } from './packets';
import { type OpenPgpSignature, readSignaturePacket } from './signature-packet';
import { contentNeedOf } from './suffix';

export interface OpenPgpParsed extends ParsedSignature {
  format: 'openpgp';
  variant: 'detached' | 'cleartext';
  signatures: readonly OpenPgpSignature[];
  /** Cleartext only: the bytes the signatures cover (CRLF canonical form). */
  signedBytes?: Uint8Array;
}

/** A file Signet reads for OpenPGP signatures: detached (armored or binary) or cleartext-signed. */
export function parseOpenPgpSignatureFile(bytes: Uint8Array): OpenPgpParsed {
  const text = looksTextual(bytes) ? Buffer.from(bytes).toString('utf8') : undefined;
  // Text before the armor (a note from the publisher) is allowed, as gpg allows it.
  if (text !== undefined && /(?:^|\n)\uFEFF?-----BEGIN PGP SIGNED MESSAGE-----/.test(text)) {
    const parts = parseCleartext(text);
    const signatures = readSignatureList(parts.signatureData);
    for (const sig of signatures) {
      if (!sig.textMode)
        throw new FormatError('A cleartext-signed message holds a signature that is not over text.');
      if (parts.declaredHashes && sig.hash && !parts.declaredHashes.includes(sig.hash)) {
        throw new FormatError('A signature in the signed message uses a hash its header does not list.');
      }
    }
    // The carried text is in memory already (capped by the signature file's size), so its
    // digests are made by `check` itself and nothing more is read.
    return {
      format: 'openpgp',
      variant: 'cleartext',
      signatures,
      carriedMessage: parts.text,
      signedBytes: parts.signedBytes,
      needs: [],
    };
  }
  let data: Uint8Array;
  if (text !== undefined && /(?:^|\n)\uFEFF?-----BEGIN PGP /.test(text)) {
    const blocks = dearmorAll(text);
    const signatureBlocks = blocks.filter((b) => b.label === 'SIGNATURE');
    if (signatureBlocks.length === 0 || signatureBlocks.length !== blocks.length) {
      throw new FormatError('The armored OpenPGP file holds no signature (it may be a key or a message).');
    }
    data = concatAll(signatureBlocks.map((b) => b.data));
  } else {
    data = bytes;
  }
  const signatures = readSignatureList(data);
  return {
    format: 'openpgp',
    variant: 'detached',
    signatures,
    needs: signatures.map(contentNeedOf).filter((n): n is ContentNeed => n !== undefined),
  };
}

/** Signature packets only; marker and padding packets are skipped, anything else is refused. */
function readSignatureList(data: Uint8Array): OpenPgpSignature[] {
  const signatures: OpenPgpSignature[] = [];
  for (const packet of readPackets(data)) {
    if (packet.tag === TAG.marker || packet.tag === TAG.padding) continue;
    if (packet.tag !== TAG.signature) {
      throw new FormatError(
        packet.tag === TAG.publicKey || packet.tag === TAG.secretKey
          ? 'This OpenPGP file is a key, not a signature.'
          : 'This OpenPGP file is a signed or encrypted message, not a detached signature.',
      );
    }
    signatures.push(readSignaturePacket(packet.body));
  }
  if (signatures.length === 0) throw new FormatError('The OpenPGP file holds no signature.');
  return signatures;
}

/** Armor is ASCII; binary packets start with a byte >= 0x80. */
function looksTextual(bytes: Uint8Array): boolean {
  const first = bytes[0];
  return first !== undefined && (first < 0x80 || first === 0xef);
}

function concatAll(parts: readonly Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}
