import { FormatError } from '../../errors';
import type { ContentFacts, ContentNeed, EmbeddedReader } from '../format-module';
import { MAX_CERT_TABLE } from './certificate-table';
import { looksLikeOle, type MsiFile, readMsi } from './msi';
import type { PeDigestName, PeDigests } from './pe-image-digest';
import { looksLikePe, PE_HEAD_BYTES, type PeLayout, readPeLayout } from './pe-layout';

/** What `embedded()` found in a file: a PE's layout and certificate table, or an MSI's structure. */
export type EmbeddedFind =
  | { kind: 'pe'; layout: PeLayout; table: Uint8Array }
  | { kind: 'msi'; msi: MsiFile }
  | undefined;

/**
 * Finds the Authenticode signature through the check's one open descriptor: a PE's headers and
 * certificate table (two small reads), or an MSI's structure and signature streams (its tables and
 * directory: a few MiB for the largest packages; the streams are left for the one read). Undefined when the file is neither, or is
 * an unsigned PE; FormatError when the headers or table cannot be read.
 */
export function findEmbedded(file: EmbeddedReader): EmbeddedFind {
  const head = file.read(0, Math.min(file.size, PE_HEAD_BYTES));
  if (looksLikeOle(head)) return { kind: 'msi', msi: readMsi(file) };
  // "MZ" alone is not enough (text, old DOS programs): only a file with a PE header is a program.
  if (!looksLikePe(head)) return undefined;
  const layout = readPeLayout(head, file.size);
  if (!layout.certTable) return undefined;
  if (layout.certTable.size > MAX_CERT_TABLE) {
    throw new FormatError('The file’s signature table is too large to be real.');
  }
  const table = file.read(layout.certTable.offset, layout.certTable.size);
  if (table.length !== layout.certTable.size) {
    throw new FormatError('The file changed or ended while it was being read.');
  }
  return { kind: 'pe', layout, table };
}

/** The PE digests a check gets: given as such, or from the ranged hashes asked for by peImageNeeds. */
export function peDigestsOf(needs: readonly ContentNeed[], content: ContentFacts): PeDigests {
  if (content.peDigests) return content.peDigests as PeDigests;
  const digests: PeDigests = {};
  needs
    .filter((need) => need.kind === 'ranged-hash')
    .forEach((need, index) => {
      const digest = content.ranged?.[index];
      if (digest) digests[need.algorithm as PeDigestName] = digest;
    });
  return digests;
}
