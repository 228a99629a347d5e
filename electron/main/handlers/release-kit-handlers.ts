import { basename, dirname } from 'node:path';
import { type ChecksumEntry, parseChecksumList } from '../../core/checksums/parse-checksum-list';
import { sha256sumLine } from '../../core/checksums/sha256sum-line';
import { FormatError, SignetError } from '../../core/errors';
import { writeFileAtomic } from '../../core/fs/atomic-write';
import { fileNameFor } from '../../core/keystore/key-file-name';
import { CHECKSUM_LIST_MAX_BYTES } from '../../core/limits';
import { type ReleaseKit, releaseKit } from '../../core/sign/release-kit';
import { readSmallTextFile } from './read-small-file';
import type { HandlerDeps, Handlers } from './types';

const NOT_A_LIST = 'That file is not a checksum list Signet can make a release kit from. Nothing was made.';

/**
 * The release kit, built by main from a checksum list it wrote in this run and a key in the
 * keystore: the page names them, main reads them, so the page cannot put words in the kit. The
 * list is parsed and written out again line by line, so the kit never carries text that is not a
 * checksum line, whatever file the path leads to.
 */
export function createReleaseKitHandlers(deps: HandlerDeps): Pick<Handlers, 'releaseKit' | 'saveReleaseKit'> {
  async function build(keyId: string, checksumList: string): Promise<{ kit: ReleaseKit; folder: string }> {
    const key = (await deps.keystore.list()).find((candidate) => candidate.id === keyId);
    if (!key) throw new SignetError('usage', 'That key is not in your keystore any more.');
    const listFile = await deps.grants.resolveFile(checksumList, 'release-list');
    const listText = renderedList(
      await readSmallTextFile(listFile, CHECKSUM_LIST_MAX_BYTES, 'checksum list'),
    );
    const kit = releaseKit({
      keyName: key.name,
      publicKey: key.publicKey,
      listName: basename(listFile),
      listText,
      publicKeyFileName: fileNameFor(key),
    });
    return { kit, folder: basename(dirname(listFile)).replace(/[^\p{L}\p{N}._-]+/gu, '-') };
  }

  return {
    async releaseKit({ keyId, checksumList }) {
      const { kit } = await build(keyId, checksumList);
      return { text: kit.text, sections: kit.sections };
    },

    async saveReleaseKit({ keyId, checksumList }) {
      const {
        kit: { text },
        folder,
      } = await build(keyId, checksumList);
      const destination = await deps.dialogs.saveFile(`${folder}-release-kit.txt`, 'release-kit');
      if (destination === null) return { savedTo: null };
      // The save dialog itself asked before replacing a file there; the kit holds nothing secret.
      await writeFileAtomic(destination, text, { mode: 0o644, overwrite: true });
      deps.grants.grant([destination], 'written');
      return { savedTo: destination };
    },
  };
}

/** The list's entries, each written again as sha256sum writes it; anything else refuses the kit. */
function renderedList(text: string): string {
  let entries: ChecksumEntry[];
  try {
    entries = parseChecksumList(text);
  } catch (error) {
    if (error instanceof FormatError) throw new SignetError('usage', NOT_A_LIST);
    throw error;
  }
  if (entries.length === 0) throw new SignetError('usage', NOT_A_LIST);
  return entries.map((entry) => `${sha256sumLine(entry.digest.toString('hex'), entry.name)}\n`).join('');
}
