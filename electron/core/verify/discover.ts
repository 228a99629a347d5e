import { basename, dirname, join } from 'node:path';
import { firstExisting } from '../fs/first-existing';

/** Names under which projects publish signed checksum lists, in the order they are tried. */
export const CHECKSUM_LIST_NAMES = [
  'SHA256SUMS',
  'SHA256SUMS.txt',
  'sha256sums.txt',
  'SHA512SUMS',
  'SHA256.sig',
] as const;

export type Candidate = { kind: 'signature'; path: string } | { kind: 'list'; path: string };

/** Where a signature for `file` may be: beside it first, then a checksum list in the same folder. */
export async function discoverCandidates(file: string): Promise<Candidate[]> {
  const candidates: Candidate[] = [];
  const detached = await firstExisting([`${file}.minisig`]);
  if (detached) candidates.push({ kind: 'signature', path: detached });
  const sig = await firstExisting([`${file}.sig`]);
  if (sig) candidates.push({ kind: 'signature', path: sig });
  const dir = dirname(file);
  for (const name of CHECKSUM_LIST_NAMES) {
    if (name === basename(file)) continue;
    const list = await firstExisting([join(dir, name)]);
    if (list) candidates.push({ kind: 'list', path: list });
  }
  return candidates;
}
