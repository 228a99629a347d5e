import { createReadStream } from 'node:fs';
import type { ContentNeed } from '../../electron/core/formats/format-module';
import { isSuffixNeed, SuffixedDigests } from '../../electron/core/formats/openpgp/suffixed-digest';

/** Reads a file once, in chunks, and returns the digests its OpenPGP needs ask for. */
export async function digestFileWithSuffixes(
  path: string,
  needs: readonly ContentNeed[],
): Promise<Uint8Array[]> {
  const digests = new SuffixedDigests(needs.filter(isSuffixNeed));
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    digests.update(chunk as Buffer);
  }
  return digests.finish();
}
