import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { type FileHandle, open, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { FormatError, SignetError } from '../../errors';
import { type ContentPlan, emptyPlan } from '../../hashing/content-plan';
import { type FileSnapshot, snapshotOf } from '../../hashing/file-snapshot';
import { type KnownContent, sameFileState } from '../../hashing/known-content';
import { followInWorker } from '../../hashing/read-content-in-worker';
import { createSharedRing, RingPublisher, RingStopped } from '../../hashing/shared-ring';
import { MAX_CERT_TABLE } from './certificate-table';
import { PeChecksum } from './pe-checksum';
import { PE_HEAD_BYTES, type PeLayout, readPeLayout } from './pe-layout';
import { readWinCertificates } from './win-certificate';
import { simdWordSummer } from './word-sum-simd';

/** 16 MiB of buffers: enough that the reading, writing and reading back rarely wait on each other. */
const CHUNK = 2 * 1024 * 1024;
const SLOTS = 8;
const WRITE_PIECE = 256 * 1024;
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
    const snapshot = snapshotOf(await handle.stat());
    // Asked twice for one signing (is it signed? then the signing): read once per file state.
    if (lastRead && sameFileState(lastRead.snapshot, snapshot)) return { ...lastRead.pe, path };
    const pe = await readOpenPe(handle, path, snapshot.size);
    lastRead = { snapshot, pe };
    return pe;
  } finally {
    await handle.close();
  }
}

let lastRead: { snapshot: FileSnapshot; pe: PeForSigning } | undefined;

async function readOpenPe(handle: FileHandle, path: string, size: number): Promise<PeForSigning> {
  const head = await readAt(handle, 0, Math.min(size, PE_HEAD_BYTES));
  const layout = readPeLayout(head, size);
  if (layout.certDirOffset === undefined) {
    throw new FormatError('The program has no place for a signature (its header lists too few directories).');
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
}

/**
 * Writes `output` as the program with `signature` (a PKCS#7 ContentInfo, DER) as its only table
 * entry, in one streamed pass: each chunk read once into a ring of shared buffers, summed here for
 * the PE checksum and written to the copy, then read back from the copy into its buffer and hashed
 * there by a worker on the other core for the SHA-256 Authenticode digest `makeSignature` signs (so
 * what is signed is what the copy holds); then zero padding to 8 bytes, the WIN_CERTIFICATE, the
 * security directory and checksum patched in the copy. The copy is a temporary file beside
 * `output`, flushed to the disk while the signature is made and renamed over `output` only when
 * complete; memory stays at the ring whatever the size. `known` is that read-back, for the check
 * of the file that follows.
 */
export async function writeSignedPe(
  pe: PeForSigning,
  output: string,
  makeSignature: (sha256: Uint8Array) => Promise<Uint8Array>,
  options: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
): Promise<{ sha256: Uint8Array; signature: Uint8Array; known: KnownContent }> {
  const { layout, contentEnd } = pe;
  const certDir = layout.certDirOffset!;
  const tableAt = Math.ceil(contentEnd / 8) * 8;
  const { mode } = await stat(pe.path);
  const temp = join(dirname(output), `.${basename(output)}.${randomBytes(6).toString('hex')}.tmp`);
  const source = await open(pe.path, 'r');
  let target: FileHandle | undefined;
  let hashing: ReturnType<typeof followInWorker> | undefined;
  // The ring is a WebAssembly memory where it can be, so the checksum is summed there in place.
  const summer = simdWordSummer(SLOTS * CHUNK);
  const shared = createSharedRing(SLOTS, CHUNK, summer?.memory);
  const publisher = new RingPublisher(shared);
  // Chunks are published to the worker in order, each once written and read back.
  let published: Promise<void> = Promise.resolve();
  let writeFailure: unknown;
  let flushing: Promise<void> | undefined;
  try {
    target = await open(temp, constants.O_RDWR | constants.O_CREAT | constants.O_EXCL, 0o600);
    const plan = imageDigestPlan(layout, tableAt);
    hashing = followInWorker(shared, plan, options);
    const checksum = new PeChecksum(summer);
    for (let at = 0; at < tableAt; ) {
      if (options.signal?.aborted) throw new SignetError('cancelled', 'Cancelled.');
      // A slot comes back once the worker has hashed it, so its write and read back are done.
      const slot = await publisher.nextSlot();
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
      // The write only reads the chunk: it starts first, and the checksum is summed while it runs.
      // Once written, the chunk is read back from the copy over itself, so the worker hashes what
      // the copy holds; the read back runs here, beside the next reads and writes, leaving the
      // worker (the pass's slowest part) only the SHA-256.
      const position = at;
      const writing = writeAll(target, chunk, position).then(() => readCopyInto(target!, chunk, position));
      checksum.update(chunk, position);
      published = Promise.all([published, writing]).then(() => publisher.publish(length));
      published.catch((error) => {
        writeFailure ??= error;
        publisher.fail();
      });
      at += length;
      options.onProgress?.(Math.min(at, contentEnd), contentEnd);
    }
    await published;
    publisher.finish();
    // One flush, started as soon as the copy is whole, goes to the disk while the signature is made
    // and timestamped, so the rename below never puts an unwritten file in the original's place.
    // No syncs during the copy: each one every 32 MiB cost the pass more (system time spent
    // writing back in this process, ~0.25 s per 200 MB) than it saved the final one.
    flushing = target.datasync();
    flushing.catch(() => {});
    const readBack = await hashing.done;
    const sha256 = readBack.ranged[0]!;
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
    // The table, directory entry and checksum written since the flush began.
    await target.sync();
    await target.close();
    target = undefined;
    await rename(temp, output);
    // After the last write: a check finds the file in this state, or reads it again.
    const snapshot = snapshotOf(await stat(output));
    return { sha256, signature, known: { snapshot, plan, result: { ...readBack, size: snapshot.size } } };
  } catch (error) {
    publisher.fail();
    await Promise.allSettled([published, flushing]);
    await target?.close().catch(() => {});
    await unlink(temp).catch(() => {});
    throw await firstCause(error, writeFailure, hashing);
  } finally {
    await hashing?.close();
    await source.close();
  }
}

/**
 * What went wrong first: a failed write or read back (the copy found short), or the worker's own
 * error when the pass stopped because the worker did, rather than the pass's "hashing stopped".
 */
async function firstCause(
  error: unknown,
  writeFailure: unknown,
  hashing: ReturnType<typeof followInWorker> | undefined,
): Promise<unknown> {
  if (writeFailure) return writeFailure;
  if (error instanceof SignetError && error.kind === 'cancelled') return error;
  const worker = await hashing?.done.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  return error instanceof RingStopped && worker ? worker : error;
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

/** Reads `into.length` bytes of the copy at `position` into `into`, refusing a copy that is short. */
async function readCopyInto(handle: FileHandle, into: Uint8Array, position: number): Promise<void> {
  for (let done = 0; done < into.length; ) {
    const { bytesRead } = await handle.read(into, done, into.length - done, position + done);
    if (bytesRead === 0) throw new SignetError('io', 'The written file is shorter than what was written.');
    done += bytesRead;
  }
}

/**
 * Writes `bytes` at `position`, at most WRITE_PIECE at a time. Linux (6.x, ext4) gives a buffered
 * write page-cache folios as large as the write, up to 2 MiB, and copying into fresh large folios
 * was slow on the test VM: with 2 MiB writes, perf found the kernel's copy into the page cache at
 * 200-320 ms of CPU per 200 MB PE signing in three runs of four; with 256 KiB writes, ~20 ms in all.
 */
async function writeAll(handle: FileHandle, bytes: Uint8Array, position: number): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    const length = Math.min(WRITE_PIECE, bytes.length - done);
    const { bytesWritten } = await handle.write(bytes, done, length, position + done);
    done += bytesWritten;
  }
}
