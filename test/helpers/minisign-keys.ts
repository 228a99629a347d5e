import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { run } from './run';

/** A minisign key pair made by the real minisign (-W: no password) in `dir`. */
export async function minisignKeyPair(
  dir: string,
  name: string,
): Promise<{ pub: string; sec: string; pubString: string }> {
  const pub = join(dir, `${name}.pub`);
  const sec = join(dir, `${name}.key`);
  const made = await run('minisign', ['-G', '-W', '-p', pub, '-s', sec]);
  expect(made.status, made.stderr).toBe(0);
  const pubString = (await readFile(pub, 'utf8')).trim().split('\n')[1] ?? '';
  return { pub, sec, pubString };
}
