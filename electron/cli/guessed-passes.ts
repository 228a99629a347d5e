import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { earlyPassesOf, signatureSuffixes } from '../core/formats/registry';
import { OPEN_REGULAR_ONLY } from '../core/hashing/confined-path';
import { checksumListNames } from '../core/verify/discover';

/** Enough of a signature file for its kind to name its hash (a Sigstore bundle is a few KiB of JSON). */
const SIGNATURE_HEAD_BYTES = 64 * 1024;

/**
 * The hashes the check of `file` will need, when every signature in play says: the one given with
 * --sig or --bundle, or those beside the file with no checksum list in its folder; --json adds the
 * SHA-256 it prints.
 */
export function guessedPasses(file: string, args: readonly string[]): string[] | undefined {
  if (args.includes('--help') || args.includes('-h')) return undefined;
  const given = ['--sig', '--bundle'].flatMap((flag) => {
    const at = args.indexOf(flag);
    const inline = args.find((arg) => arg.startsWith(`${flag}=`));
    if (inline) return [inline.slice(flag.length + 1)];
    return at >= 0 && args[at + 1] !== undefined ? [args[at + 1]!] : [];
  });
  let signatures: string[];
  if (given.length > 0) signatures = given.length === 1 ? given : [];
  else {
    const dir = dirname(file);
    if (checksumListNames().some((name) => existsSync(join(dir, name)))) return undefined;
    signatures = signatureSuffixes()
      .map((suffix) => `${file}${suffix}`)
      .filter((path) => existsSync(path));
  }
  if (signatures.length === 0) return undefined;
  const passes = new Set<string>(args.includes('--json') ? ['sha256'] : []);
  for (const signature of signatures) {
    const guessed = earlyPassesOf(headOf(signature));
    if (!guessed) return undefined;
    for (const pass of guessed) passes.add(pass);
  }
  return [...passes];
}

function headOf(path: string): Uint8Array {
  // Never blocks on a FIFO, and reads nothing but a regular file.
  const fd = openSync(path, OPEN_REGULAR_ONLY);
  try {
    if (!fstatSync(fd).isFile()) return new Uint8Array(0);
    const head = Buffer.alloc(SIGNATURE_HEAD_BYTES);
    return head.subarray(0, readSync(fd, head, 0, head.length, 0));
  } finally {
    closeSync(fd);
  }
}
