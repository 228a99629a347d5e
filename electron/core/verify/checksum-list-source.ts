import { basename, dirname } from 'node:path';
import { type ChecksumEntry, parseChecksumList } from '../checksums/parse-checksum-list';
import { FormatError } from '../errors';
import { firstExisting } from '../fs/first-existing';
import { type AnySignature, parseAnySignature } from './parse-any-signature';
import { decodeUtf8Strict, readSmallFile } from './read-small-file';

export const LIST_MAX_BYTES = 16 * 1024 * 1024;
export const SIGNATURE_MAX_BYTES = 64 * 1024;

/** A checksum list with the signature that vouches for it. */
export interface SignedList {
  listFile: string;
  listDir: string;
  /** The list's bytes exactly as signed. */
  listBytes: Uint8Array;
  entries: ChecksumEntry[];
  /** Detached signature file, or the list file itself for signify's embedded form. */
  signatureFile: string;
  signature: AnySignature;
}

/**
 * Loads a list and its signature. `signatureFile` may be given; otherwise a list that is itself a
 * signify embedded signature (SHA256.sig) signs itself, and `<list>.minisig` then `<list>.sig` are
 * looked for. Returns `undefined` when the list has no signature at all.
 */
export async function loadSignedList(
  listFile: string,
  signatureFile?: string,
): Promise<SignedList | undefined> {
  const raw = await readSmallFile(listFile, LIST_MAX_BYTES, 'The checksum list');
  const listDir = dirname(listFile);
  if (!signatureFile && looksSigned(raw)) {
    const signature = parseAnySignature(raw);
    if (signature.kind !== 'signify-embedded') {
      throw new FormatError(`${basename(listFile)} is a signature, not a checksum list.`);
    }
    return withEntries({
      listFile,
      listDir,
      listBytes: signature.message,
      signatureFile: listFile,
      signature,
    });
  }
  const sigPath = signatureFile ?? (await firstExisting([`${listFile}.minisig`, `${listFile}.sig`]));
  if (!sigPath) return undefined;
  const signature = parseAnySignature(
    await readSmallFile(sigPath, SIGNATURE_MAX_BYTES, 'The signature file'),
  );
  if (signature.kind === 'signify-embedded') {
    throw new FormatError(`${basename(sigPath)} carries its own list; give it as the list instead.`);
  }
  return withEntries({ listFile, listDir, listBytes: raw, signatureFile: sigPath, signature });
}

function withEntries(list: Omit<SignedList, 'entries'>): SignedList {
  const text = decodeUtf8Strict(list.listBytes, `The checksum list ${basename(list.listFile)}`);
  return { ...list, entries: parseChecksumList(text) };
}

function looksSigned(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, 18)).toString('latin1') === 'untrusted comment:';
}
