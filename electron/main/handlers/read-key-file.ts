import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { SignetError } from '../../core/errors';
import type { GivenKey } from './verdict-signer';

/** Armored OpenPGP certificates with many signatures run to hundreds of KiB; no key file is larger. */
const MAX_KEY_FILE_BYTES = 1024 * 1024;

/**
 * A public key or certificate file the person chose: text (minisign, SSH, armored OpenPGP) or the
 * bytes of a binary OpenPGP certificate (.gpg, .pgp). Anything larger than a key file is refused
 * unread, and a FIFO swapped in never blocks.
 */
export async function readKeyFile(path: string): Promise<GivenKey> {
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) {
      throw new SignetError(
        'usage',
        'That is not an ordinary file, so it is not a public key. Nothing was changed.',
      );
    }
    if (stats.size > MAX_KEY_FILE_BYTES) {
      throw new SignetError('malformed', 'That file is too large to be a public key. Nothing was changed.');
    }
    const bytes = new Uint8Array(await handle.readFile());
    return { text: new TextDecoder('utf-8').decode(bytes), bytes };
  } finally {
    await handle.close();
  }
}
