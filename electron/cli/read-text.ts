import { utf8OrUndefined } from '../core/encoding/utf8';
import { KEY_FILE_MAX_BYTES } from '../core/limits';
import { CliExit } from './cli-error';
import { readInputFile } from './input-file';

/**
 * Reads a small text input named on the command line (allowed signers, roots, a secret key) with the
 * same strict UTF-8 as the app: a file that is not text exits 2, as does any other bad input.
 */
export async function readText(path: string, what: string, maxBytes = KEY_FILE_MAX_BYTES): Promise<string> {
  const { bytes } = await readInputFile(path, what, maxBytes);
  const text = utf8OrUndefined(bytes);
  if (text === undefined) throw new CliExit(2, `The ${what} is not text.`);
  return text;
}

/**
 * As readText for a public key, which may be binary (an OpenPGP certificate is not always armored):
 * the bytes always, the text only when they are UTF-8, as the app's key-file reader does.
 */
export async function readTextAndBytes(
  path: string,
  what: string,
  maxBytes = KEY_FILE_MAX_BYTES,
): Promise<{ text: string; bytes: Uint8Array }> {
  const { bytes } = await readInputFile(path, what, maxBytes);
  return { text: utf8OrUndefined(bytes) ?? '', bytes: new Uint8Array(bytes) };
}
