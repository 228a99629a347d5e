import { armorSignature, type PreparedSignature } from './signature-writer';

const HASH_HEADER = { sha256: 'SHA256', sha512: 'SHA512' } as const;

/**
 * The bytes a cleartext signature covers (RFC 9580 §7.2): each line without trailing spaces or
 * tabs, joined by CRLF; the line end before the signature belongs to the armour, not the text.
 */
export function cleartextSignedBytes(text: string): Uint8Array {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines.at(-1) === '') lines.pop();
  return new Uint8Array(Buffer.from(lines.map((line) => line.replace(/[ \t]+$/, '')).join('\r\n'), 'utf8'));
}

/**
 * A cleartext-signed message as `gpg --clearsign` writes it: a `Hash:` header naming the hash the
 * signature uses, the text dash-escaped (RFC 9580 §7.1), then the armored text signature (0x01).
 */
export function clearsignedText(text: string, signature: PreparedSignature, digest: Uint8Array): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines.at(-1) === '') lines.pop();
  const escaped = lines.map((line) =>
    line.startsWith('-') || line.startsWith('From ') ? `- ${line}` : line,
  );
  return [
    '-----BEGIN PGP SIGNED MESSAGE-----',
    `Hash: ${HASH_HEADER[signature.algorithm]}`,
    '',
    ...escaped,
    armorSignature(signature.finish(digest)),
  ].join('\n');
}
