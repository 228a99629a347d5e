import { utf8OrUndefined } from '../../encoding/utf8';
import { FormatError } from '../../errors';
import { parseSignifySignature, type SignifySignature } from './signature';

/** Larger than any real signature header; stops us scanning a whole non-signify file for newlines. */
const MAX_HEADER_BYTES = 4096;

/**
 * signify -e writes the two signature lines and then the message bytes directly after them. The
 * message is returned as a view into `bytes`: it is exactly what was signed, byte for byte.
 */
export function splitSignifyEmbedded(bytes: Uint8Array): { signatureText: string; message: Uint8Array } {
  const header = bytes.subarray(0, MAX_HEADER_BYTES);
  const first = header.indexOf(0x0a);
  const second = first < 0 ? -1 : header.indexOf(0x0a, first + 1);
  if (second < 0) {
    throw new FormatError(
      'This is not a signify file with an embedded message: it does not start with two signature lines.',
    );
  }
  const signatureText = utf8OrUndefined(bytes.subarray(0, second + 1));
  if (signatureText === undefined) {
    throw new FormatError('The signature lines of this signify file are not valid text.');
  }
  return { signatureText, message: bytes.subarray(second + 1) };
}

/** A signify -e file: the signature lines, then the signed message itself. */
export function parseSignifyEmbedded(bytes: Uint8Array): {
  signature: SignifySignature;
  message: Uint8Array;
} {
  const { signatureText, message } = splitSignifyEmbedded(bytes);
  return { signature: parseSignifySignature(signatureText), message };
}
