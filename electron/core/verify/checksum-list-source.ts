import { basename, dirname } from 'node:path';
import { type ChecksumEntry, parseChecksumList } from '../checksums/parse-checksum-list';
import { decodeUtf8Strict } from '../encoding/utf8';
import { FormatError, plainMessage } from '../errors';
import { recognise, signatureSuffixes } from '../formats/registry';
import { firstExisting } from '../fs/first-existing';
import { readSmallFile } from '../fs/read-small-file';
import { CHECKSUM_LIST_MAX_BYTES } from '../limits';
import { type CheckedSignature, checkAll } from './check-all';
import { decidingCheck } from './decide';
import { parseSignatureBytes, readSignatureFile, type SignatureFile } from './signature-file';
import type { VerifyContext } from './verify-options';

/** A checksum list whose signatures were checked over its exact bytes before it was read. */
export interface CheckedList {
  listFile: string;
  listDir: string;
  /** The list's bytes exactly as signed (a signify -e file's message, or the list file). */
  listBytes: Uint8Array;
  /** The signature that decides, and every one that was checked. */
  decided: CheckedSignature;
  checked: CheckedSignature[];
  /** Signature files beside the list that Signet cannot read (a GnuPG SHA256SUMS.sig): never hide the others. */
  unreadable: string[];
  /** Only when the decisive signature is valid: the list's entries, read from the signed bytes. */
  entries?: ChecksumEntry[];
  /** Valid signature, but the signed text is not a checksum list Signet reads. */
  parseProblem?: string;
}

export type ListLoad =
  | { signed: CheckedList }
  | { unsigned: true; listFile: string }
  | { damaged: string; listFile: string };

/**
 * Loads a list and checks its signatures BEFORE reading it as a list: bytes appended after
 * signing are "changed", not "line 5 cannot be read". `signatureFile` may be given; otherwise a
 * list that carries its own signature (signify -e, OpenBSD's SHA256.sig) signs itself, and every
 * `<list><suffix>` beside it is tried. An unsigned list is not parsed at all.
 */
export async function loadCheckedList(
  listFile: string,
  ctx: VerifyContext,
  signatureFile?: string,
): Promise<ListLoad> {
  const raw = await readSmallFile(listFile, CHECKSUM_LIST_MAX_BYTES, 'The checksum list');
  const listDir = dirname(listFile);
  const what = `The checksum list ${basename(listFile)}`;
  let listBytes: Uint8Array = raw;
  let files: SignatureFile[];
  if (signatureFile) {
    const given = await readSignatureFile(signatureFile, CHECKSUM_LIST_MAX_BYTES);
    if ('recognised' in given && given.recognised.sig.carriedMessage) {
      throw new FormatError(`${basename(signatureFile)} carries its own list; give it as the list instead.`);
    }
    files = [given];
  } else {
    const self = await parseSignatureBytes(listFile, raw);
    if ('recognised' in self) {
      const carried = self.recognised.sig.carriedMessage;
      if (!carried) throw new FormatError(`${basename(listFile)} is a signature, not a checksum list.`);
      listBytes = carried;
      files = [self];
    } else if (recognise(raw)) {
      // A signed list whose signature cannot be read (a clearsigned list with a wrong Hash: header
      // or a binary signature) is damaged, not unsigned.
      return { damaged: self.unreadable, listFile };
    } else {
      files = await besideList(listFile);
      if (files.length === 0) return { unsigned: true, listFile };
    }
  }
  const readable = files.flatMap((f) => ('recognised' in f ? [{ ...f.recognised, file: f.file }] : []));
  const unreadable = files.flatMap((f) => ('unreadable' in f ? [f.unreadable] : []));
  if (readable.length === 0) return { damaged: unreadable.join(' '), listFile };
  const { checked } = await checkAll(readable, { bytes: listBytes }, ctx, what, [], basename(listFile));
  const decided = decidingCheck(checked)!;
  const list: CheckedList = { listFile, listDir, listBytes, decided, checked, unreadable };
  if (decided.check.outcome !== 'valid') return { signed: list };
  try {
    list.entries = parseChecksumList(decodeUtf8Strict(listBytes, what));
  } catch (error) {
    list.parseProblem = plainMessage(error);
  }
  return { signed: list };
}

/** Every signature file beside the list, whatever its kind; each is read with its kind's cap. */
async function besideList(listFile: string): Promise<SignatureFile[]> {
  const found: SignatureFile[] = [];
  for (const suffix of signatureSuffixes()) {
    const file = await firstExisting([`${listFile}${suffix}`]);
    if (!file) continue;
    const read = await readSignatureFile(file);
    // A file that carries its own signed text (SHASUMS256.txt.asc, clearsigned) says nothing about
    // the list's bytes beside it: it is a list of its own, found and checked as such.
    if ('recognised' in read && read.recognised.sig.carriedMessage) continue;
    found.push(read);
  }
  return found;
}
