import { readFile } from 'node:fs/promises';
import { plainMessage } from '../core/errors';
import { CliExit } from './cli-error';

/** Reads a small text input named on the command line (key, allowed signers); bad input exits 2. */
export async function readText(path: string, what: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CliExit(2, `Cannot read the ${what}: ${plainMessage(error)}`);
  }
  if (text.length > 1_000_000) throw new CliExit(2, `The ${what} ${path} is too large.`);
  return text;
}
