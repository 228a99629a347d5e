import { readInputFile } from './input-file';

/** Reads a small text input named on the command line (key, allowed signers); bad input exits 2. */
export async function readText(path: string, what: string, maxBytes = 1_000_000): Promise<string> {
  const { bytes } = await readInputFile(path, what, maxBytes);
  return bytes.toString('utf8');
}
