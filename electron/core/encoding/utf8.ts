import { FormatError } from '../errors';

const strict = new TextDecoder('utf-8', { fatal: true });

/**
 * Strict UTF-8, the one decoder for text Signet reads from files (signatures, keys, lists, roots):
 * a file with invalid bytes is damaged or not text, never "close enough". `what` names the thing
 * for the one-line error.
 */
export function decodeUtf8Strict(bytes: Uint8Array, what: string): string {
  const text = utf8OrUndefined(bytes);
  if (text === undefined) throw new FormatError(`${what} is not text.`);
  return text;
}

/** The text, or undefined when the bytes are not UTF-8 (a binary OpenPGP certificate, a DER file). */
export function utf8OrUndefined(bytes: Uint8Array): string | undefined {
  try {
    return strict.decode(bytes);
  } catch {
    return undefined;
  }
}
