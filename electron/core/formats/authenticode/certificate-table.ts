import { open } from 'node:fs/promises';
import { FormatError } from '../../errors';
import { PE_HEAD_BYTES, type PeLayout, readPeLayout } from './pe-layout';

/** Far above any real signature table (tens of KiB); bounds what a hostile header can make us read. */
export const MAX_CERT_TABLE = 8 * 1024 * 1024;

/**
 * Reads a PE file's headers and its certificate table; `table` is undefined for an unsigned file.
 * Two small reads whatever the file's size: the content itself is hashed in its own pass.
 */
export async function readCertificateTable(path: string): Promise<{ layout: PeLayout; table?: Uint8Array }> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const head = new Uint8Array(Math.min(size, PE_HEAD_BYTES));
    await readFully(handle, head, 0);
    const layout = readPeLayout(head, size);
    if (!layout.certTable) return { layout };
    if (layout.certTable.size > MAX_CERT_TABLE) {
      throw new FormatError('The file’s signature table is too large to be real.');
    }
    const table = new Uint8Array(layout.certTable.size);
    await readFully(handle, table, layout.certTable.offset);
    return { layout, table };
  } finally {
    await handle.close();
  }
}

async function readFully(handle: import('node:fs/promises').FileHandle, into: Uint8Array, position: number) {
  let done = 0;
  while (done < into.length) {
    const { bytesRead } = await handle.read(into, done, into.length - done, position + done);
    if (bytesRead === 0) throw new FormatError('The file changed or ended while it was being read.');
    done += bytesRead;
  }
}
