import { basename, dirname } from 'node:path';
import { SignetError } from '../../core/errors';
import { writeFileAtomic } from '../../core/fs/atomic-write';
import { fileNameFor } from '../../core/keystore/key-file-name';
import { CHECKSUM_LIST_MAX_BYTES } from '../../core/limits';
import { releaseKitText } from '../../core/sign/release-kit';
import { readSmallTextFile } from './read-small-file';
import type { HandlerDeps, Handlers } from './types';

/**
 * The release kit, built by main from a list it wrote (or the person handed over) and a key in the
 * keystore: the page names them, main reads them, so the page cannot put words in the kit.
 */
export function createReleaseKitHandlers(deps: HandlerDeps): Pick<Handlers, 'releaseKit' | 'saveReleaseKit'> {
  async function build(keyId: string, checksumList: string): Promise<{ text: string; folder: string }> {
    const key = (await deps.keystore.list()).find((candidate) => candidate.id === keyId);
    if (!key) throw new SignetError('usage', 'That key is not in your keystore any more.');
    const listFile = await deps.grants.resolveFile(checksumList);
    const listText = await readSmallTextFile(listFile, CHECKSUM_LIST_MAX_BYTES, 'checksum list');
    const text = releaseKitText({
      keyName: key.name,
      publicKey: key.publicKey,
      listName: basename(listFile),
      listText,
      publicKeyFileName: fileNameFor(key),
    });
    return { text, folder: basename(dirname(listFile)).replace(/[^\p{L}\p{N}._-]+/gu, '-') };
  }

  return {
    async releaseKit({ keyId, checksumList }) {
      return { text: (await build(keyId, checksumList)).text };
    },

    async saveReleaseKit({ keyId, checksumList }) {
      const { text, folder } = await build(keyId, checksumList);
      const destination = await deps.dialogs.saveFile(`${folder}-release-kit.txt`, 'release-kit');
      if (destination === null) return { savedTo: null };
      // The save dialog itself asked before replacing a file there; the kit holds nothing secret.
      await writeFileAtomic(destination, text, { mode: 0o644, overwrite: true });
      deps.grants.grant([destination], 'written');
      return { savedTo: destination };
    },
  };
}
