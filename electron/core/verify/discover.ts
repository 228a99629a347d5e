import { basename, dirname, join } from 'node:path';
import { formatListNames, signatureSuffixes } from '../formats/registry';
import { firstExisting } from '../fs/first-existing';

/** Names under which projects publish signed checksum lists, in the order they are tried. */
const CHECKSUM_LIST_NAMES = [
  'SHA256SUMS',
  'SHA256SUMS.txt',
  'sha256sums.txt',
  'SHA512SUMS',
  'SHA256.sig',
] as const;

/** Every checksum list name looked for beside a file (the common ones and the formats'). */
export function checksumListNames(): string[] {
  return [...new Set([...CHECKSUM_LIST_NAMES, ...formatListNames()])];
}

/**
 * Every signature beside `file` (any registered suffix) and every checksum list in its folder. All
 * the names are looked at at once: one after another they were some twenty trips to the file system
 * on every check, most of them for names that are not there.
 */
export async function discoverCandidates(file: string): Promise<{ signatures: string[]; lists: string[] }> {
  const dir = dirname(file);
  const [signatures, lists] = await Promise.all([
    existing(signatureSuffixes().map((suffix) => `${file}${suffix}`)),
    existing(
      checksumListNames()
        .filter((name) => name !== basename(file))
        .map((name) => join(dir, name)),
    ),
  ]);
  return { signatures, lists };
}

/** The paths that exist, in their order. */
async function existing(paths: readonly string[]): Promise<string[]> {
  const found = await Promise.all(paths.map((path) => firstExisting([path])));
  return found.filter((path) => path !== undefined);
}

/** `SHA256SUMS.minisig` → `SHA256SUMS`: the file a detached signature is named after, if any. */
export function signedFileName(signatureFile: string): string | undefined {
  const suffix = signatureSuffixes().find(
    (s) => signatureFile.endsWith(s) && signatureFile.length > s.length,
  );
  return suffix ? signatureFile.slice(0, -suffix.length) : undefined;
}
