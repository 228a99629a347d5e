import { open } from 'node:fs/promises';
import { FormatError } from '../../errors';
import { readCertificateTable } from './certificate-table';
import { looksLikeOle, readMsiBytes } from './msi';

/** Packages beyond this are refused rather than read whole into memory (this path holds the whole file). */
const MAX_MSI_BYTES = 1024 * 1024 * 1024;

/**
 * What discovery hands to authenticodeModule.parse() for a file: a PE file's certificate table
 * (small, read apart from the content), or an MSI package whole (this path is for tests; the registry reads an MSI by ranges).
 * Undefined means the file carries no Authenticode signature: discovery goes on to signatures
 * beside it.
 */
export async function readEmbeddedSignature(path: string): Promise<Uint8Array | undefined> {
  const handle = await open(path, 'r');
  let whole: Uint8Array | undefined;
  try {
    const head = new Uint8Array(8);
    const { bytesRead } = await handle.read(head, 0, 8, 0);
    if (!looksLikeOle(head.subarray(0, bytesRead))) return (await readCertificateTable(path)).table;
    const { size } = await handle.stat();
    if (size > MAX_MSI_BYTES) throw new FormatError('The installer package is too large to check.');
    whole = new Uint8Array(size);
    let done = 0;
    while (done < size) {
      const read = await handle.read(whole, done, size - done, done);
      if (read.bytesRead === 0) throw new FormatError('The file changed or ended while it was being read.');
      done += read.bytesRead;
    }
  } finally {
    await handle.close();
  }
  return readMsiBytes(whole).signature ? whole : undefined;
}
