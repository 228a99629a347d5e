import { FormatError } from '../errors';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Strict standard base64: Node's decoder silently skips bad characters, which would let a damaged
 * signature decode to something else. `what` names the thing for the error message.
 */
export function decodeBase64Strict(text: string, what: string, expectedLength?: number): Uint8Array {
  if (!BASE64.test(text)) throw new FormatError(`${what} is not valid base64.`);
  const bytes = new Uint8Array(Buffer.from(text, 'base64'));
  // Non-zero padding bits would let two different texts stand for the same bytes.
  if (Buffer.from(bytes).toString('base64') !== text) throw new FormatError(`${what} is not valid base64.`);
  if (expectedLength !== undefined && bytes.length !== expectedLength) {
    throw new FormatError(
      `${what} has the wrong length (${bytes.length} bytes, expected ${expectedLength}).`,
    );
  }
  return bytes;
}

export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
