import type { FileHandle } from 'node:fs/promises';
import { FormatError } from '../../errors';
import type { CompoundFile } from './compound-file';
import {
  directoryBytes,
  nameOf,
  newStream,
  numbered,
  type OutNode,
  toOutNode,
  tree,
} from './compound-file-directory';

/** A stream to put at the root of the rewritten file, replacing one of the same name. */
export interface RootStream {
  name: string;
  data: Uint8Array;
}

/** Where the source's stream contents are read from while the new file is written. */
export interface SourceBytes {
  read(buffer: Buffer, length: number, position: number): Promise<number>;
}

const END_OF_CHAIN = 0xfffffffe;
const FREE = 0xffffffff;
const FAT_SECTOR = 0xfffffffd;
const DIFAT_SECTOR = 0xfffffffc;
const MINI_CUTOFF = 4096;
const MINI_SECTOR = 64;
const HEADER_DIFAT = 109;
/**
 * Past 2 GiB a version-4 file keeps a range-lock sector at a fixed place; no installer comes close,
 * so Signet writes nothing that large rather than work around it.
 */
const MAX_OUTPUT = 0x7fffff00;
const COPY_CHUNK = 1 << 20;

/**
 * A compound file rewritten whole from one already read (`readCompoundFile`, which refuses
 * damaged or hostile structure): every storage and stream kept with its name, CLSID, state bits,
 * times and bytes, the root's streams named in `streams` replaced or added and those in `drop`
 * left out. The layout is Signet's own and sequential (streams, small-stream area, its table,
 * directory, allocation table), so the file is written front to back through `out` while each
 * stream is copied from `source` in chunks: memory follows the number of sectors (4 bytes each),
 * never the file's size. Unused sectors and bytes after the structure are not carried over.
 */
export async function writeCompoundFile(
  compound: CompoundFile,
  version: { major: 3 | 4 },
  source: SourceBytes,
  out: FileHandle,
  streams: readonly RootStream[],
  drop: readonly string[],
): Promise<void> {
  const rewrite = await startCompoundRewrite(compound, version, source, out, [
    ...drop,
    ...streams.map((stream) => stream.name),
  ]);
  await rewrite.finish(streams);
}

/** A rewrite whose streams are copied; `finish` adds the new root streams and writes the rest. */
export interface CompoundRewrite {
  finish(streams: readonly RootStream[]): Promise<void>;
}

/**
 * The first half of writeCompoundFile, which needs none of the new streams: the large streams
 * copied from `source` (laid out first, so where they go does not depend on what is added), after
 * a placeholder for the header. `finish` is given the streams to add at the root (their names among
 * `replaced`, so a stream there of the same name is left out) and writes them, the small-stream
 * area, the tables and then the header. Signing copies the package while its digest is hashed and
 * the signature made.
 */
export async function startCompoundRewrite(
  compound: CompoundFile,
  version: { major: 3 | 4 },
  source: SourceBytes,
  out: FileHandle,
  replaced: readonly string[],
): Promise<CompoundRewrite> {
  const sectorSize = version.major === 4 ? 4096 : 512;
  const perSector = sectorSize / 4;
  const sectorsFor = (bytes: number) => Math.ceil(bytes / sectorSize);
  const root = toOutNode(compound.root, compound);
  const left = new Set(replaced.map((name) => name.toUpperCase()));
  root.children = root.children.filter((child) => !left.has(nameOf(child).toUpperCase()));
  const sink = new SequentialWriter(out);
  // The header is written last, once the tables' places are known.
  await sink.zeros(sectorSize);
  const copied = new Map<OutNode, number>();
  let next = 0;
  for (const node of numbered(root)) {
    if (node.type !== 'stream' || node.size < MINI_CUTOFF) continue;
    copied.set(node, next);
    next += sectorsFor(node.size);
    await copyContent(node, source, sink);
    await sink.zeros(pad(node.size, sectorSize));
  }
  // The copy (nearly all of the file) goes to the disk while the caller makes the signature, so
  // the caller's sync before its rename finds only the tables left to write.
  await sink.flush();
  sink.startSync();
  const finish = async (streams: readonly RootStream[]) => {
    for (const stream of streams) {
      if (!left.has(stream.name.toUpperCase())) throw new Error('A stream added was not named first.');
      root.children.push(newStream(stream));
    }
    const nodes = numbered(root);
    for (const node of nodes) if (node.type !== 'stream') node.child = tree(node.children);

    // Layout, in sectors: large streams (the copied ones first, where they were written), the
    // small-stream area, its table, the directory, the FAT, DIFAT.
    let at = 0;
    let miniNext = 0;
    const large: OutNode[] = [];
    const small: OutNode[] = [];
    const added: OutNode[] = [];
    for (const node of nodes) {
      if (node.type !== 'stream') continue;
      if (node.size === 0) node.start = END_OF_CHAIN;
      else if (node.size >= MINI_CUTOFF) {
        if (!copied.has(node)) added.push(node);
        else {
          node.start = at;
          at += sectorsFor(node.size);
          if (copied.get(node) !== node.start) throw new Error('The compound file layout moved a stream.');
          large.push(node);
        }
      } else {
        node.start = miniNext;
        miniNext += Math.ceil(node.size / MINI_SECTOR);
        small.push(node);
      }
    }
    for (const node of added) {
      node.start = at;
      at += sectorsFor(node.size);
      large.push(node);
    }
    const miniAreaBytes = miniNext * MINI_SECTOR;
    const miniArea = { start: at, count: sectorsFor(miniAreaBytes) };
    at += miniArea.count;
    const miniFat = { start: at, count: sectorsFor(miniNext * 4) };
    at += miniFat.count;
    const directory = { start: at, count: sectorsFor(nodes.length * 128) };
    at += directory.count;
    const base = at;
    let fatCount = 0;
    let difatCount = 0;
    for (;;) {
      const total = base + fatCount + difatCount;
      const fatNeeded = Math.ceil(total / perSector);
      const difatNeeded = Math.max(0, Math.ceil((fatNeeded - HEADER_DIFAT) / (perSector - 1)));
      if (fatNeeded === fatCount && difatNeeded === difatCount) break;
      fatCount = fatNeeded;
      difatCount = difatNeeded;
    }
    const total = base + fatCount + difatCount;
    if ((total + 1) * sectorSize > MAX_OUTPUT) {
      throw new FormatError('The installer package is too large for Signet to sign (2 GiB at most).');
    }
    root.start = miniArea.count > 0 ? miniArea.start : END_OF_CHAIN;
    root.size = miniAreaBytes;

    const fat = new Uint32Array(fatCount * perSector).fill(FREE);
    const chain = (table: Uint32Array, start: number, count: number) => {
      for (let i = 0; i < count; i++) table[start + i] = i === count - 1 ? END_OF_CHAIN : start + i + 1;
    };
    for (const node of large) chain(fat, node.start, sectorsFor(node.size));
    chain(fat, miniArea.start, miniArea.count);
    chain(fat, miniFat.start, miniFat.count);
    chain(fat, directory.start, directory.count);
    for (let i = 0; i < fatCount; i++) fat[base + i] = FAT_SECTOR;
    for (let i = 0; i < difatCount; i++) fat[base + fatCount + i] = DIFAT_SECTOR;
    const miniTable = new Uint32Array(miniFat.count * perSector).fill(FREE);
    for (const node of small) chain(miniTable, node.start, Math.ceil(node.size / MINI_SECTOR));

    for (const node of added) {
      await copyContent(node, source, sink);
      await sink.zeros(pad(node.size, sectorSize));
    }
    for (const node of small) {
      await copyContent(node, source, sink);
      await sink.zeros(pad(node.size, MINI_SECTOR));
    }
    await sink.zeros(pad(miniAreaBytes, sectorSize));
    await sink.write(wordsLE(miniTable));
    await sink.write(directoryBytes(nodes, directory.count * sectorSize, version.major));
    await sink.write(wordsLE(fat));
    await sink.write(difatBytes(base, fatCount, difatCount, perSector));
    await sink.flush();
    const head = header(version.major, sectorSize, { fatCount, difatCount, base, directory, miniFat });
    for (let done = 0; done < head.length; ) {
      done += (await out.write(head, done, head.length - done, done)).bytesWritten;
    }
    await sink.flushedToDisk();
    if (sink.written !== (total + 1) * sectorSize) {
      throw new Error('The compound file layout and what was written disagree.');
    }
  };
  return { finish };
}

const pad = (size: number, unit: number) => (unit - (size % unit)) % unit;

function header(
  major: 3 | 4,
  sectorSize: number,
  layout: {
    fatCount: number;
    difatCount: number;
    base: number;
    directory: { start: number; count: number };
    miniFat: { start: number; count: number };
  },
): Buffer {
  const bytes = Buffer.alloc(512);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(bytes, 0);
  bytes.writeUInt16LE(0x3e, 0x18);
  bytes.writeUInt16LE(major, 0x1a);
  bytes.writeUInt16LE(0xfffe, 0x1c);
  bytes.writeUInt16LE(Math.log2(sectorSize), 0x1e);
  bytes.writeUInt16LE(6, 0x20);
  // Version 3 files must leave the directory's sector count at zero ([MS-CFB] 2.2).
  bytes.writeUInt32LE(major === 4 ? layout.directory.count : 0, 0x28);
  bytes.writeUInt32LE(layout.fatCount, 0x2c);
  bytes.writeUInt32LE(layout.directory.start, 0x30);
  bytes.writeUInt32LE(MINI_CUTOFF, 0x38);
  bytes.writeUInt32LE(layout.miniFat.count > 0 ? layout.miniFat.start : END_OF_CHAIN, 0x3c);
  bytes.writeUInt32LE(layout.miniFat.count, 0x40);
  bytes.writeUInt32LE(layout.difatCount > 0 ? layout.base + layout.fatCount : END_OF_CHAIN, 0x44);
  bytes.writeUInt32LE(layout.difatCount, 0x48);
  for (let i = 0; i < HEADER_DIFAT; i++) {
    bytes.writeUInt32LE(i < layout.fatCount ? layout.base + i : FREE, 0x4c + i * 4);
  }
  return bytes;
}

function difatBytes(base: number, fatCount: number, difatCount: number, perSector: number): Buffer {
  const words = new Uint32Array(difatCount * perSector).fill(FREE);
  let fatIndex = HEADER_DIFAT;
  for (let d = 0; d < difatCount; d++) {
    const at = d * perSector;
    for (let i = 0; i < perSector - 1 && fatIndex < fatCount; i++) words[at + i] = base + fatIndex++;
    words[at + perSector - 1] = d === difatCount - 1 ? END_OF_CHAIN : base + fatCount + d + 1;
  }
  return wordsLE(words);
}

function wordsLE(words: Uint32Array): Buffer {
  const bytes = Buffer.alloc(words.length * 4);
  for (let i = 0; i < words.length; i++) bytes.writeUInt32LE(words[i]!, i * 4);
  return bytes;
}

async function copyContent(node: OutNode, source: SourceBytes, sink: SequentialWriter): Promise<void> {
  const content = node.content;
  if (!content) return;
  if ('bytes' in content) {
    await sink.write(content.bytes);
    return;
  }
  let copied = 0;
  for (const [start, end] of content.ranges) {
    for (let at = start; at < end; ) {
      const chunk = await sink.reserve(Math.min(COPY_CHUNK, end - at));
      const got = await source.read(chunk, chunk.length, at);
      if (got !== chunk.length) throw new FormatError('The file changed or ended while it was being read.');
      sink.commit(got);
      at += got;
      copied += got;
    }
  }
  if (copied !== node.size) throw new FormatError('The file changed or ended while it was being read.');
}

/**
 * Front-to-back writes through one buffer, so stream copies land in it without a second copy.
 * Nothing is synced on the way: a datasync every 32 MiB during the copy cost ~0.25 s of system
 * time on a 200 MB package and held the copy up (the PE path measured the same); one sync started
 * once the copy ends (startSync) overlaps the signature and its timestamp instead.
 */
class SequentialWriter {
  readonly #out: FileHandle;
  readonly #buffer = Buffer.allocUnsafeSlow(4 * COPY_CHUNK);
  readonly #syncs: Promise<void>[] = [];
  #used = 0;
  written = 0;

  constructor(out: FileHandle) {
    this.#out = out;
  }

  /** Room for `length` bytes (at most COPY_CHUNK) at the buffer's end, to fill then `commit`. */
  async reserve(length: number): Promise<Buffer> {
    await this.#roomFor(length);
    return this.#buffer.subarray(this.#used, this.#used + length);
  }

  commit(length: number): void {
    this.#used += length;
    this.written += length;
  }

  async write(bytes: Uint8Array): Promise<void> {
    for (let at = 0; at < bytes.length; ) {
      await this.#roomFor(1);
      const take = Math.min(bytes.length - at, this.#buffer.length - this.#used);
      this.#buffer.set(bytes.subarray(at, at + take), this.#used);
      this.commit(take);
      at += take;
    }
  }

  async zeros(count: number): Promise<void> {
    await this.write(Buffer.alloc(count));
  }

  async flush(): Promise<void> {
    let at = 0;
    while (at < this.#used) {
      const { bytesWritten } = await this.#out.write(this.#buffer, at, this.#used - at);
      at += bytesWritten;
    }
    this.#used = 0;
  }

  /** Asks the disk to catch up with what was written so far, without waiting for it. */
  startSync(): void {
    const sync = this.#out.datasync();
    // Awaited by flushedToDisk(); handled now so a failure is never "unhandled".
    sync.catch(() => {});
    this.#syncs.push(sync);
  }

  /** The disk's catching up asked for on the way: a failure there is a failed write. */
  async flushedToDisk(): Promise<void> {
    await Promise.all(this.#syncs);
  }

  async #roomFor(length: number): Promise<void> {
    if (this.#used + length > this.#buffer.length) await this.flush();
  }
}
