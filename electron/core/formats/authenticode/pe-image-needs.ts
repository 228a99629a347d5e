import type { ContentNeed } from '../format-module';
import type { PeDigestName } from './pe-image-digest';
import type { PeLayout } from './pe-layout';

/**
 * The Authenticode image digest as `ranged-hash` needs the one read can meet: every byte but the
 * checksum field, the certificate-table directory entry and the table itself.
 */
export function peImageNeeds(layout: PeLayout, algorithms: readonly PeDigestName[]): ContentNeed[] {
  const skips: [number, number][] = [[layout.checksumOffset, layout.checksumOffset + 4]];
  if (layout.certDirOffset !== undefined) skips.push([layout.certDirOffset, layout.certDirOffset + 8]);
  if (layout.certTable)
    skips.push([layout.certTable.offset, layout.certTable.offset + layout.certTable.size]);
  skips.sort((a, b) => a[0] - b[0]);
  const ranges: [number, number][] = [];
  let at = 0;
  for (const [from, to] of skips) {
    if (from > at) ranges.push([at, from]);
    at = Math.max(at, to);
  }
  if (at < layout.fileSize) ranges.push([at, layout.fileSize]);
  return algorithms.map((algorithm) => ({ kind: 'ranged-hash', algorithm, ranges }));
}
