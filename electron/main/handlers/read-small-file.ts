import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { utf8OrUndefined } from '../../core/encoding/utf8';
import { SignetError } from '../../core/errors';

/**
 * Reads a key file the person picked, refusing anything larger than any key file could be (a wrong pick
 * such as a disk image must not be read into memory) and anything that is not UTF-8 text.
 */
export async function readSmallTextFile(path: string, maxBytes: number, what: string): Promise<string> {
  // O_NONBLOCK: if a FIFO was swapped in after the caller's check, opening it must not wait for a writer.
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stats = await handle.stat();
    if (!stats.isFile())
      throw new SignetError(
        'usage',
        `That is not an ordinary file, so it is not a ${what}. Nothing was changed.`,
      );
    if (stats.size > maxBytes) {
      throw new SignetError('malformed', `That file is too large to be a ${what}. Nothing was changed.`);
    }
    const text = utf8OrUndefined(await handle.readFile());
    if (text === undefined) {
      throw new SignetError('malformed', `That file is not a ${what}: it is not text. Nothing was changed.`);
    }
    return text;
  } finally {
    await handle.close();
  }
}
