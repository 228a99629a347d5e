import { armorSignature, type PreparedSignature } from './signature-writer';

const HASH_HEADER = { sha256: 'SHA256', sha512: 'SHA512' } as const;

/**
 * The bytes a cleartext signature covers (RFC 9580 §7.2): each line without trailing spaces or
 * tabs, joined by CRLF; the line end before the signature belongs to the armour, not the text.
 */
export function cleartextSignedBytes(text: string): Uint8Array {
  return new Uint8Array(
    Buffer.from(
      textLines(text)
        .map((line) => line.replace(/[ \t]+$/, ''))
        .join('\r\n'),
      'utf8',
    ),
  );
}

/**
 * A cleartext-signed message as `gpg --clearsign` writes it: a `Hash:` header naming the hash the
 * signature uses, the text dash-escaped (RFC 9580 §7.1), then the armored text signature (0x01).
 */
export function clearsignedText(text: string, signature: PreparedSignature, digest: Uint8Array): string {
  return cleartextMessage(text, signature.algorithm, signature.finish(digest));
}

/**
 * The cleartext-signed message around text and its signature packets (one, or several made over
 * the same canonical bytes with the same hash, as a key transition statement carries).
 */
export function cleartextMessage(
  text: string,
  hash: keyof typeof HASH_HEADER,
  signaturePackets: Uint8Array,
): string {
  const escaped = textLines(text).map((line) =>
    line.startsWith('-') || line.startsWith('From ') ? `- ${line}` : line,
  );
  return [
    '-----BEGIN PGP SIGNED MESSAGE-----',
    `Hash: ${HASH_HEADER[hash]}`,
    '',
    ...escaped,
    armorSignature(signaturePackets),
  ].join('\n');
}

/** The text's lines, LF or CRLF, without the empty one after a final line end. */
function textLines(text: string): string[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}
