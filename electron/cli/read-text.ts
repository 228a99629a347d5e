import { KEY_FILE_MAX_BYTES } from '../core/limits';
import { readInputFile } from './input-file';

/** Reads a small text input named on the command line (key, allowed signers); bad input exits 2. */
export async function readText(path: string, what: string, maxBytes = KEY_FILE_MAX_BYTES): Promise<string> {
  const { bytes } = await readInputFile(path, what, maxBytes);
  return bytes.toString('utf8');
}

/** As readText, keeping the bytes too (a binary OpenPGP certificate is not text). */
export async function readTextAndBytes(
  path: string,
  what: string,
  maxBytes = KEY_FILE_MAX_BYTES,
): Promise<{ text: string; bytes: Uint8Array }> {
  const { bytes } = await readInputFile(path, what, maxBytes);
  return { text: bytes.toString('utf8'), bytes: new Uint8Array(bytes) };
}
