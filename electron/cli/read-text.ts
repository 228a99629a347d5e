import { readInputFile } from './input-file';

/**
 * A public key file may be a distribution's developer keyring (about a thousand OpenPGP
 * certificates, tens of MB); the OpenPGP module splits it by packet headers, never all at once.
 */
export const PUBLIC_KEY_MAX_BYTES = 64 * 1024 * 1024;

/** Reads a small text input named on the command line (key, allowed signers); bad input exits 2. */
export async function readText(path: string, what: string, maxBytes = 1_000_000): Promise<string> {
  const { bytes } = await readInputFile(path, what, maxBytes);
  return bytes.toString('utf8');
}

/** As readText, keeping the bytes too (a binary OpenPGP certificate is not text). */
export async function readTextAndBytes(
  path: string,
  what: string,
  maxBytes = 1_000_000,
): Promise<{ text: string; bytes: Uint8Array }> {
  const { bytes } = await readInputFile(path, what, maxBytes);
  return { text: bytes.toString('utf8'), bytes: new Uint8Array(bytes) };
}
