import { realpath } from 'node:fs/promises';
import type { ChecksumEntry } from '../checksums/parse-checksum-list';
import { resolveListedPath } from '../checksums/resolve-listed-path';

/**
 * Entries of a list that name this artifact. Every entry's name is checked first: one unsafe entry
 * (absolute path, `..`) makes the whole list untrustworthy, so it throws a FormatError.
 */
export async function entriesNaming(
  entries: readonly ChecksumEntry[],
  listDir: string,
  artifactRealPath: string,
): Promise<ChecksumEntry[]> {
  const realDir = await realpath(listDir);
  const resolved = entries.map((entry) => ({ entry, path: resolveListedPath(realDir, entry.name) }));
  return resolved.filter(({ path }) => path === artifactRealPath).map(({ entry }) => entry);
}
