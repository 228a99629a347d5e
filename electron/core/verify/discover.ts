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

/** Every signature beside `file` (any registered suffix) and every checksum list in its folder. */
export async function discoverCandidates(file: string): Promise<{ signatures: string[]; lists: string[] }> {
  const signatures: string[] = [];
  for (const suffix of signatureSuffixes()) {
    const found = await firstExisting([`${file}${suffix}`]);
    if (found) signatures.push(found);
  }
  const lists: string[] = [];
  const dir = dirname(file);
  for (const name of checksumListNames()) {
    if (name === basename(file)) continue;
    const list = await firstExisting([join(dir, name)]);
    if (list) lists.push(list);
  }
  return { signatures, lists };
}

/** `SHA256SUMS.minisig` → `SHA256SUMS`: the file a detached signature is named after, if any. */
export function signedFileName(signatureFile: string): string | undefined {
  const suffix = signatureSuffixes().find(
    (s) => signatureFile.endsWith(s) && signatureFile.length > s.length,
  );
  return suffix ? signatureFile.slice(0, -suffix.length) : undefined;
}
