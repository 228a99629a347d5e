import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { type FileHandle, open, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { FormatError, SignetError } from '../../errors';
import { type ContentPlan, emptyPlan } from '../../hashing/content-plan';
import { followInWorker } from '../../hashing/read-content-in-worker';
import { createSharedRing, RingPublisher } from '../../hashing/shared-ring';
import { MAX_CERT_TABLE } from './certificate-table';
import { PeChecksum } from './pe-checksum';
import { PE_HEAD_BYTES, type PeLayout, readPeLayout } from './pe-layout';
import { readWinCertificates } from './win-certificate';

/** 16 MiB of shared buffers: enough that the reading, hashing and writing rarely wait on each other. */
const CHUNK = 2 * 1024 * 1024;
const SLOTS = 8;
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
 * entry, in one streamed pass: each chunk read once into a ring of shared buffers, hashed there for
 * the SHA-256 Authenticode digest `makeSignature` signs by a worker on the other core, summed for
 * the PE checksum and written out here; then zero padding to 8 bytes, the WIN_CERTIFICATE, the
 * security directory and checksum patched in the copy. The copy is a temporary file beside
 * `output`, flushed to the disk while the signature is made and renamed over `output` only when
 * complete; memory stays at the ring whatever the size.
 */
export async function writeSignedPe(
  pe: PeForSigning,
  output: string,
  makeSignature: (sha256: Uint8Array) => Promise<Uint8Array>,
  options: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
): Promise<{ sha256: Uint8Array; signature: Uint8Array }> {
  const { layout, contentEnd } = pe;
  const certDir = layout.certDirOffset!;
  const tableAt = Math.ceil(contentEnd / 8) * 8;
  const { mode } = await stat(pe.path);
  const temp = join(dirname(output), `.${basename(output)}.${randomBytes(6).toString('hex')}.tmp`);
  const source = await open(pe.path, 'r');
  const shared = createSharedRing(SLOTS, CHUNK);
  const publisher = new RingPublisher(shared);
  const hashing = followInWorker(shared, imageDigestPlan(layout, tableAt), options);
  let target: FileHandle | undefined;
  // A slot is refilled only once its write is done (and the hashing worker is past it).
  const writes: Promise<void>[] = [];
  let flushing: Promise<void> | undefined;
  try {
    target = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
    const checksum = new PeChecksum();
    for (let at = 0, n = 0; at < tableAt; n++) {
      if (options.signal?.aborted) throw new SignetError('cancelled', 'Cancelled.');
      const slot = await publisher.nextSlot();
      await writes[n % SLOTS];
      let length = Math.min(CHUNK, tableAt - at);
      if (at < contentEnd) {
        const { bytesRead } = await source.read(slot, 0, Math.min(length, contentEnd - at), at);
        if (bytesRead === 0) throw new FormatError('The file changed or ended while it was being read.');
        length = bytesRead;
      } else {
        // The padding before the table is signed as zeros.
        slot.fill(0, 0, length);
      }
      const chunk = slot.subarray(0, length);
      // The checksum and directory entry (outside the digest) are written as zeros now and patched once known.
      zeroWithin(chunk, at, layout.checksumOffset, 4);
      zeroWithin(chunk, at, certDir, 8);
      publisher.publish(length);
      checksum.update(chunk, at);
      const writing = writeAll(target, chunk, at);
      // Awaited before the slot is refilled or at the end; handled now so a failure is never "unhandled".
      writing.catch(() => {});
      writes[n % SLOTS] = writing;
      at += length;
      options.onProgress?.(Math.min(at, contentEnd), contentEnd);
    }
    publisher.finish();
    await Promise.all(writes);
    // The copy goes to the disk while the signature is made and timestamped; the last sync is short.
    flushing = target.datasync();
    flushing.catch(() => {});
    const sha256 = (await hashing.done).ranged[0]!;
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
    await flushing;
    await target.sync();
    await target.close();
    target = undefined;
    await rename(temp, output);
    return { sha256, signature };
  } catch (error) {
    publisher.fail();
    await Promise.allSettled([...writes, flushing]);
    await target?.close().catch(() => {});
    await unlink(temp).catch(() => {});
    throw error;
  } finally {
    await hashing.close();
    await source.close();
  }
}

/**
 * The Authenticode digest of the signed copy as a ranged hash of what the pass publishes: the
 * content and its padding, without the checksum field and the certificate directory entry.
 */
function imageDigestPlan(layout: PeLayout, tableAt: number): ContentPlan {
  const skips = [
    [layout.checksumOffset, layout.checksumOffset + 4],
    [layout.certDirOffset!, layout.certDirOffset! + 8],
  ].sort((a, b) => a[0]! - b[0]!);
  const ranges: [number, number][] = [];
  let from = 0;
  for (const [skipFrom, skipTo] of skips) {
    if (skipFrom! > from) ranges.push([from, Math.min(skipFrom!, tableAt)]);
    from = Math.max(from, skipTo!);
  }
  if (from < tableAt) ranges.push([from, tableAt]);
  return { ...emptyPlan(), ranged: [{ algorithm: 'sha256', ranges: ranges.filter(([a, b]) => a < b) }] };
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
