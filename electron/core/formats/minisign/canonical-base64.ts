import { decodeBase64Strict, encodeBase64 } from '../../encoding/base64';
import { FormatError } from '../../errors';

/**
 * Strict base64 that also refuses non-zero padding bits: otherwise two different lines decode to
 * the same bytes, and a changed character in a signature could go unnoticed.
 */
export function decodeCanonicalBase64(text: string, what: string, expectedLength: number): Uint8Array {
  const bytes = decodeBase64Strict(text, what, expectedLength);
  if (encodeBase64(bytes) !== text) throw new FormatError(`${what} is not valid base64.`);
  return bytes;
}
