import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { type FileHandle, open, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { FormatError, SignetError } from '../../errors';
import { MAX_CERT_TABLE } from './certificate-table';
import { PeChecksum } from './pe-checksum';
import { PeImageDigester } from './pe-image-digest';
import { PE_HEAD_BYTES, type PeLayout, readPeLayout } from './pe-layout';
import { readWinCertificates } from './win-certificate';

const CHUNK = 2 * 1024 * 1024;
const WIN_CERT_REVISION_2 = 0x0200;
const WIN_CERT_TYPE_PKCS_SIGNED_DATA = 0x0002;

/** A PE file read for signing: where its signature goes, and the signatures it already carries. */
export interface PeForSigning {
  path: string;
  layout: PeLayout;
  /** Where the signed content ends: the old table's start, or the file's end. */
  contentEnd: number;
  /** The PKCS#7 blobs of the table there is now, in order; empty for an unsigned file. */
  existing: Uint8Array[];
}

/**
 * Reads a PE file's headers and signature table and refuses, before anything is written, what
 * cannot be signed faithfully: a file that is not a program or is cut short, one without a place
 * for a signature, one with data after its signature table (a signature over it would not count
 * what follows the table in Windows' eyes), a damaged table.
 */
export async function readPeForSigning(path: string): Promise<PeForSigning> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const head = await readAt(handle, 0, Math.min(size, PE_HEAD_BYTES));
    const layout = readPeLayout(head, size);
    if (layout.certDirOffset === undefined) {
      throw new FormatError(
        'The program has no place for a signature (its header lists too few directories).',
      );
    }
    if (!layout.certTable) return { path, layout, contentEnd: size, existing: [] };
    const { offset, size: tableSize } = layout.certTable;
    if (offset + tableSize !== size) {
      throw new FormatError(
        'The program has data after its signature table, which a signature would not cover. Nothing was signed.',
      );
    }
    if (tableSize > MAX_CERT_TABLE)
      throw new FormatError('The file’s signature table is too large to be real.');
    const existing = readWinCertificates(await readAt(handle, offset, tableSize));
    return { path, layout, contentEnd: offset, existing };
  } finally {
    await handle.close();
  }
}

/**
 * Writes `output` as the program with `signature` (a PKCS#7 ContentInfo, DER) as its only table
 * entry: the content copied in one streamed pass that also makes the SHA-256 Authenticode digest
 * `makeSignature` signs and the PE checksum, zero padding to 8 bytes, the WIN_CERTIFICATE, the
 * security directory and checksum patched in the copy. The copy is a temporary file beside
 * `output`, renamed over it only when complete; memory stays at one chunk whatever the size.
 */
export async function writeSignedPe(
  pe: PeForSigning,
  output: string,
  makeSignature: (sha256: Uint8Array) => Promise<Uint8Array>,
  options: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
): Promise<{ sha256: Uint8Array; signature: Uint8Array }> {
  const { layout, contentEnd } = pe;
  const certDir = layout.certDirOffset!;
  const { mode } = await stat(pe.path);
  const temp = join(dirname(output), `.${basename(output)}.${randomBytes(6).toString('hex')}.tmp`);
  const source = await open(pe.path, 'r');
  let target: FileHandle | undefined;
  let writing: Promise<void> = Promise.resolve();
  try {
    target = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
    const digester = new PeImageDigester({ ...layout, certTable: undefined }, ['sha256']);
    const checksum = new PeChecksum();
    // Two buffers: the next chunk is read while the last one is written.
    const buffers = [Buffer.alloc(CHUNK), Buffer.alloc(CHUNK)];
    for (let at = 0, n = 0; at < contentEnd; n++) {
      if (options.signal?.aborted) throw new SignetError('cancelled', 'Cancelled.');
      const want = Math.min(CHUNK, contentEnd - at);
      const { bytesRead } = await source.read(buffers[n % 2]!, 0, want, at);
      if (bytesRead === 0) throw new FormatError('The file changed or ended while it was being read.');
      const chunk = buffers[n % 2]!.subarray(0, bytesRead);
      digester.update(chunk, at);
      // The checksum and directory entry are written as zeros now and patched once known.
      zeroWithin(chunk, at, layout.checksumOffset, 4);
      zeroWithin(chunk, at, certDir, 8);
      checksum.update(chunk, at);
      // The buffer read next was last written two chunks ago, and that write has finished.
      await writing;
      writing = writeAll(target, chunk, at);
      // Awaited before the next write or at the end; handled now so a failure is never "unhandled".
      writing.catch(() => {});
      at += bytesRead;
      options.onProgress?.(at, contentEnd);
    }
    await writing;
    const tableAt = Math.ceil(contentEnd / 8) * 8;
    const padding = new Uint8Array(tableAt - contentEnd);
    digester.update(padding, contentEnd);
    await writeAll(target, padding, contentEnd);
    const sha256 = digester.digests().sha256!;
    const signature = await makeSignature(sha256);
    const table = winCertificate(signature);
    if (table.length > MAX_CERT_TABLE) throw new FormatError('The signature is too large to embed.');
    checksum.update(table, tableAt);
    await writeAll(target, table, tableAt);
    const directory = Buffer.alloc(8);
    directory.writeUInt32LE(tableAt, 0);
    directory.writeUInt32LE(table.length, 4);
    checksum.update(directory, certDir);
    await writeAll(target, directory, certDir);
    const sum = Buffer.alloc(4);
    sum.writeUInt32LE(checksum.value(tableAt + table.length), 0);
    await writeAll(target, sum, layout.checksumOffset);
    // The source must not have changed under the copy: same size as when it was read.
    if ((await source.stat()).size !== layout.fileSize) {
      throw new FormatError('The file changed while it was being signed. Nothing was written.');
    }
    await target.chmod(mode & 0o7777);
    await target.sync();
    await target.close();
    target = undefined;
    await rename(temp, output);
    return { sha256, signature };
  } catch (error) {
    await writing.catch(() => {});
    await target?.close().catch(() => {});
    await unlink(temp).catch(() => {});
    throw error;
  } finally {
    await source.close();
  }
}

/** One WIN_CERTIFICATE holding `der`, its length padded to 8 as signtool and osslsigncode write it. */
function winCertificate(der: Uint8Array): Uint8Array {
  const length = Math.ceil((8 + der.length) / 8) * 8;
  const entry = Buffer.alloc(length);
  entry.writeUInt32LE(length, 0);
  entry.writeUInt16LE(WIN_CERT_REVISION_2, 4);
  entry.writeUInt16LE(WIN_CERT_TYPE_PKCS_SIGNED_DATA, 6);
  entry.set(der, 8);
  return entry;
}

function zeroWithin(chunk: Uint8Array, position: number, from: number, length: number): void {
  const start = Math.max(from, position);
  const end = Math.min(from + length, position + chunk.length);
  if (start < end) chunk.fill(0, start - position, end - position);
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Uint8Array> {
  const out = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(out, done, length - done, position + done);
    if (bytesRead === 0) throw new FormatError('The file changed or ended while it was being read.');
    done += bytesRead;
  }
  return out;
}

async function writeAll(handle: FileHandle, bytes: Uint8Array, position: number): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.length - done, position + done);
    done += bytesWritten;
  }
}
