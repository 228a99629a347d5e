import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { utf8OrUndefined } from '../../core/encoding/utf8';
import { SignetError } from '../../core/errors';

/**
 * Reads a key or certificate file the person picked as bytes (a binary OpenPGP certificate or a DER
 * certificate is not text), refusing anything larger than such a file could be and anything that is
 * not an ordinary file. `text` is set when the bytes are UTF-8.
 */
export async function readKeyFile(
  path: string,
  maxBytes: number,
  what: string,
): Promise<{ bytes: Uint8Array; text?: string }> {
  // O_NONBLOCK: if a FIFO was swapped in after the caller's check, opening it must not wait for a writer.
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) {
      throw new SignetError(
        'usage',
        `That is not an ordinary file, so it is not a ${what}. Nothing was changed.`,
      );
    }
    if (stats.size > maxBytes) {
      throw new SignetError('malformed', `That file is too large to be a ${what}. Nothing was changed.`);
    }
    const bytes = new Uint8Array(await handle.readFile());
    const text = utf8OrUndefined(bytes);
    return text === undefined ? { bytes } : { bytes, text };
  } finally {
    await handle.close();
  }
}
