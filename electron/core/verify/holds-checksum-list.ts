import { stat } from 'node:fs/promises';
import { parseChecksumList } from '../checksums/parse-checksum-list';
import { decodeUtf8Strict } from '../encoding/utf8';
import { readSmallFile } from '../fs/read-small-file';
import { CHECKSUM_LIST_MAX_BYTES } from '../limits';

/**
 * Whether a file is a checksum list (small, text, at least one line Signet reads as one). A
 * signature given for a file is read as the signature of the list it is named after only then:
 * `--bundle app-1.0.sigstore.json` for another file is a signature over app-1.0, checked against
 * the file given, never a list that happens to name nothing.
 */
export async function holdsChecksumList(path: string): Promise<boolean> {
  try {
    const info = await stat(path);
    if (!info.isFile() || info.size === 0 || info.size > CHECKSUM_LIST_MAX_BYTES) return false;
    const bytes = await readSmallFile(path, CHECKSUM_LIST_MAX_BYTES, 'The checksum list');
    return parseChecksumList(decodeUtf8Strict(bytes, 'The checksum list')).length > 0;
  } catch {
    return false;
  }
}
