import { createHash, type Hash } from 'node:crypto';
import { FormatError } from '../../errors';
import { readFileChunks } from '../../hashing/read-file-chunks';
import type { HashName } from '../format-module';
import { PE_HEAD_BYTES, type PeLayout, readPeLayout } from './pe-layout';

/** Hashes an Authenticode signature may name over a PE image. */
export type PeDigestName = Extract<HashName, 'md5' | 'sha1' | 'sha256' | 'sha384' | 'sha512'>;

export type PeDigests = Partial<Record<PeDigestName, Uint8Array>>;

/**
 * The Authenticode image digest: every byte of the file in order except the checksum field, the
 * certificate-table directory entry and the table itself. Data after the table is hashed, as the
 * spec says, so bytes appended to a signed file change the digest. Fed in chunks at any offsets,
 * it keeps no more than one Hash per algorithm.
 */
export class PeImageDigester {
  private readonly hashes: [PeDigestName, Hash][];
  private readonly skips: readonly [number, number][];

  constructor(layout: PeLayout, algorithms: readonly PeDigestName[]) {
    this.hashes = [...new Set(algorithms)].map((name) => [name, createHash(name)]);
    const skips: [number, number][] = [[layout.checksumOffset, layout.checksumOffset + 4]];
    if (layout.certDirOffset !== undefined) skips.push([layout.certDirOffset, layout.certDirOffset + 8]);
    if (layout.certTable)
      skips.push([layout.certTable.offset, layout.certTable.offset + layout.certTable.size]);
    this.skips = skips.sort((a, b) => a[0] - b[0]);
  }

  /** `chunk` holds the file's bytes from `position`; chunks must come in order without gaps. */
  update(chunk: Uint8Array, position: number): void {
    let from = position;
    const end = position + chunk.length;
    for (const [skipFrom, skipTo] of this.skips) {
      if (skipTo <= from || skipFrom >= end) continue;
      if (skipFrom > from) this.feed(chunk.subarray(from - position, skipFrom - position));
      from = Math.max(from, skipTo);
    }
    if (from < end) this.feed(chunk.subarray(from - position));
  }

  digests(): PeDigests {
    return Object.fromEntries(this.hashes.map(([name, hash]) => [name, new Uint8Array(hash.digest())]));
  }

  private feed(bytes: Uint8Array): void {
    for (const [, hash] of this.hashes) hash.update(bytes);
  }
}

/** The image digests of a file held in memory (small files, tests, fuzzing). */
export function peImageDigestsOf(bytes: Uint8Array, algorithms: readonly PeDigestName[]): PeDigests {
  const digester = new PeImageDigester(readPeLayout(bytes, bytes.length), algorithms);
  digester.update(bytes, 0);
  return digester.digests();
}

/**
 * One streamed read of the file at `path`, fixed memory whatever its size: the layout comes from
 * the first chunk, every algorithm is fed from the same buffers. FormatError if it is not a PE.
 */
export async function peImageDigestsOfFile(
  path: string,
  algorithms: readonly PeDigestName[],
  options: { signal?: AbortSignal } = {},
): Promise<{ layout: PeLayout; digests: PeDigests }> {
  let layout: PeLayout | undefined;
  let digester: PeImageDigester | undefined;
  let position = 0;
  await readFileChunks(
    path,
    (chunk, size) => {
      if (!digester) {
        // CHUNK_SIZE (1 MiB) exceeds PE_HEAD_BYTES, so the first chunk holds the headers.
        layout = readPeLayout(chunk.subarray(0, PE_HEAD_BYTES), size);
        digester = new PeImageDigester(layout, algorithms);
      }
      digester.update(chunk, position);
      position += chunk.length;
    },
    { regularOnly: true, signal: options.signal },
  );
  if (!layout || !digester) throw new FormatError('The file is empty, not a Windows program.');
  return { layout, digests: digester.digests() };
}
