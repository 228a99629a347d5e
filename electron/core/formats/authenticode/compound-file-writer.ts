import type { FileHandle } from 'node:fs/promises';
import { FormatError } from '../../errors';
import type { CompoundEntry, CompoundFile } from './compound-file';
import {
  directoryBytes,
  nameOf,
  newStream,
  numbered,
  type OutNode,
  placedFile,
  toOutNode,
  tree,
} from './compound-file-directory';
import { COPY_CHUNK, SequentialWriter } from './sequential-writer';

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

/**
 * A compound file rewritten whole from one already read (`readCompoundFile`, which refuses
 * damaged or hostile structure): every storage and stream kept with its name, CLSID, state bits,
 * times and bytes, the root's streams named in `streams` replaced or added and those in `drop`
 * left out. The layout is Signet's own and sequential (see startCompoundRewrite), so the file is
 * written front to back through `out` while each stream is copied from `source` in chunks: memory
 * follows the number of sectors (4 bytes each), never the file's size. Unused sectors and bytes
 * after the structure are not carried over.
 */
export async function writeCompoundFile(
  compound: CompoundFile,
  version: { major: 3 | 4 },
  source: SourceBytes,
  out: FileHandle,
  streams: readonly RootStream[],
  drop: readonly string[],
): Promise<void> {
  const names = streams.map((stream) => stream.name);
  const rewrite = await startCompoundRewrite(compound, version, source, out, {
    replaced: [...drop, ...names],
    adding: names,
  });
  await rewrite.finish(streams);
}

export interface RewriteOptions {
  /** Root streams left out: dropped, or replaced by those `finish` adds. */
  replaced: readonly string[];
  /** The names of the root streams `finish` will add (among `replaced`): their entries are placed first. */
  adding: readonly string[];
  /** Streams to lay out first, in this order (the rest follow in directory order). */
  order?: readonly CompoundEntry[];
  /** Told, before anything is copied, where the kept entries will lie in the new file. */
  onPlaced?: (placed: CompoundFile) => void;
  /** Told how many bytes from the start of the new file are written, each time that grows. */
  onWritten?: (bytes: number) => void;
}

/** A rewrite whose streams are copied; `finish` adds the new root streams and writes the rest. */
export interface CompoundRewrite {
  finish(streams: readonly RootStream[]): Promise<void>;
}

/**
 * The first half of writeCompoundFile, which needs none of the new streams' contents, only their
 * names: the directory (its links and CLSIDs final, the added streams' places filled in by
 * `finish`), the kept small streams' area, then the kept large streams copied from `source` in
 * `order`, after a placeholder for the header. Everything a content digest reads (streams and
 * CLSIDs) is then written, and where, `onPlaced` says before the copy starts: signing hashes the
 * copy back as it is written (`onWritten`) and makes the signature meanwhile. `finish` writes the
 * added streams (large ones, then small ones in a second part of the small streams' area), the
 * small-stream table, the allocation tables, the directory again and the header.
 */
export async function startCompoundRewrite(
  compound: CompoundFile,
  version: { major: 3 | 4 },
  source: SourceBytes,
  out: FileHandle,
  options: RewriteOptions,
): Promise<CompoundRewrite> {
  const sectorSize = version.major === 4 ? 4096 : 512;
  const perSector = sectorSize / 4;
  const sectorsFor = (bytes: number) => Math.ceil(bytes / sectorSize);
  const offsetOf = (sector: number) => (sector + 1) * sectorSize;
  const made = new Map<CompoundEntry, OutNode>();
  const root = toOutNode(compound.root, compound, made);
  const left = new Set(options.replaced.map((name) => name.toUpperCase()));
  root.children = root.children.filter((child) => !left.has(nameOf(child).toUpperCase()));
  const adding = options.adding.map((name) => {
    if (!left.has(name.toUpperCase())) throw new Error('A stream added was not named first.');
    const node = newStream({ name, data: new Uint8Array(0) });
    node.start = END_OF_CHAIN;
    root.children.push(node);
    return node;
  });
  const nodes = numbered(root);
  for (const node of nodes) if (node.type !== 'stream') node.child = tree(node.children);

  // Layout, in sectors: the kept small streams' area, the directory, the kept large streams (those
  // in `order` first); `finish` puts the rest after them. osslsigncode refuses a directory in
  // sector 0, so a package without small streams gets one free sector of zeros there.
  const kept = nodes.filter((node) => node.type === 'stream' && !adding.includes(node));
  let miniNext = 0;
  const small: OutNode[] = [];
  for (const node of kept) {
    if (node.size === 0 || node.size >= MINI_CUTOFF) continue;
    node.start = miniNext;
    miniNext += Math.ceil(node.size / MINI_SECTOR);
    small.push(node);
  }
  const miniArea = { start: 0, count: sectorsFor(miniNext * MINI_SECTOR) };
  const directory = { start: Math.max(1, miniArea.count), count: sectorsFor(nodes.length * 128) };
  const ordered = (options.order ?? []).flatMap((entry) => made.get(entry) ?? []);
  const keptLarge = new Set(kept.filter((node) => node.size >= MINI_CUTOFF));
  const large = [...new Set([...ordered, ...kept])].filter((node) => keptLarge.has(node));
  let at = directory.start + directory.count;
  for (const node of large) {
    node.start = at;
    at += sectorsFor(node.size);
  }
  for (const node of kept) if (node.size === 0) node.start = END_OF_CHAIN;
  if (offsetOf(at) > MAX_OUTPUT) {
    throw new FormatError('The installer package is too large for Signet to sign (2 GiB at most).');
  }
  const miniAt = (node: OutNode) => offsetOf(miniArea.start) + node.start * MINI_SECTOR;
  options.onPlaced?.(
    placedFile(compound.root, made, new Set(nodes), offsetOf(directory.start), (node) => {
      if (node.size === 0) return [];
      const from = node.size < MINI_CUTOFF ? miniAt(node) : offsetOf(node.start);
      return [[from, from + node.size]];
    }),
  );

  const sink = new SequentialWriter(out, options.onWritten);
  // The header is written last, once the tables' places are known; the directory again then.
  await sink.zeros(sectorSize);
  root.start = miniArea.count > 0 ? miniArea.start : END_OF_CHAIN;
  root.size = miniNext * MINI_SECTOR;
  for (const node of small) {
    await copyContent(node, source, sink);
    await sink.zeros(pad(node.size, MINI_SECTOR));
  }
  await sink.zeros(offsetOf(directory.start) - sink.written);
  await sink.write(directoryBytes(nodes, directory.count * sectorSize, version.major));
  for (const node of large) {
    await copyContent(node, source, sink);
    await sink.zeros(pad(node.size, sectorSize));
  }
  // The copy (nearly all of the file) goes to the disk while the caller makes the signature, so
  // the caller's sync before its rename finds only the tables left to write.
  await sink.flush();
  sink.startSync();
  const copiedEnd = at;
  // The copied streams' chains (390,000 sectors in a 200 MB package, a cold loop), linked now while
  // the hash of the copy is finishing on the worker, not after the signature; `finish` copies them in.
  const copiedFat = new Uint32Array(copiedEnd).fill(FREE);
  for (const node of large) chain(copiedFat, [{ start: node.start, count: sectorsFor(node.size) }]);

  const finish = async (streams: readonly RootStream[]) => {
    if (streams.length !== adding.length) throw new Error('The streams added are not those named first.');
    for (const stream of streams) {
      const node = adding.find((n) => nameOf(n).toUpperCase() === stream.name.toUpperCase());
      if (!node) throw new Error('A stream added was not named first.');
      node.size = stream.data.length;
      node.content = { bytes: stream.data };
    }
    // The added streams: large ones after the copied ones, small ones in a second part of the
    // small-stream area that starts on a sector of its own (the first part is written).
    let end = copiedEnd;
    const addedLarge = adding.filter((node) => node.size >= MINI_CUTOFF);
    for (const node of addedLarge) {
      node.start = end;
      end += sectorsFor(node.size);
    }
    const secondMini = (miniArea.count * sectorSize) / MINI_SECTOR;
    let miniEnd = secondMini;
    const addedSmall = adding.filter((node) => node.size > 0 && node.size < MINI_CUTOFF);
    for (const node of addedSmall) {
      node.start = miniEnd;
      miniEnd += Math.ceil(node.size / MINI_SECTOR);
    }
    for (const node of adding) if (node.size === 0) node.start = END_OF_CHAIN;
    const secondBytes = (miniEnd - secondMini) * MINI_SECTOR;
    const miniArea2 = { start: end, count: sectorsFor(secondBytes) };
    end += miniArea2.count;
    const miniSectors = addedSmall.length > 0 ? miniEnd : miniNext;
    const miniFat = { start: end, count: sectorsFor(miniSectors * 4) };
    end += miniFat.count;
    const base = end;
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
    if (offsetOf(total) > MAX_OUTPUT) {
      throw new FormatError('The installer package is too large for Signet to sign (2 GiB at most).');
    }
    const container = [miniArea, miniArea2].filter((run) => run.count > 0);
    root.start = container[0]?.start ?? END_OF_CHAIN;
    root.size = addedSmall.length > 0 ? miniEnd * MINI_SECTOR : miniNext * MINI_SECTOR;

    const fat = new Uint32Array(fatCount * perSector).fill(FREE);
    fat.set(copiedFat);
    for (const node of addedLarge) chain(fat, [{ start: node.start, count: sectorsFor(node.size) }]);
    chain(fat, container);
    chain(fat, [miniFat]);
    chain(fat, [directory]);
    for (let i = 0; i < fatCount; i++) fat[base + i] = FAT_SECTOR;
    for (let i = 0; i < difatCount; i++) fat[base + fatCount + i] = DIFAT_SECTOR;
    const miniTable = new Uint32Array(miniFat.count * perSector).fill(FREE);
    for (const node of [...small, ...addedSmall]) {
      chain(miniTable, [{ start: node.start, count: Math.ceil(node.size / MINI_SECTOR) }]);
    }

    for (const node of addedLarge) {
      await copyContent(node, source, sink);
      await sink.zeros(pad(node.size, sectorSize));
    }
    for (const node of addedSmall) {
      await copyContent(node, source, sink);
      await sink.zeros(pad(node.size, MINI_SECTOR));
    }
    await sink.zeros(pad(secondBytes, sectorSize));
    await sink.write(wordsLE(miniTable));
    await sink.write(wordsLE(fat));
    await sink.write(difatBytes(base, fatCount, difatCount, perSector));
    await sink.flush();
    if (sink.written !== offsetOf(total)) {
      throw new Error('The compound file layout and what was written disagree.');
    }
    // The directory again, now with the added streams' places and the small-stream area's size:
    // the same length, links and CLSIDs as the one written first.
    await writeAt(
      out,
      directoryBytes(nodes, directory.count * sectorSize, version.major),
      offsetOf(directory.start),
    );
    const head = header(version.major, sectorSize, { fatCount, difatCount, base, directory, miniFat });
    await writeAt(out, head, 0);
    await sink.flushedToDisk();
  };
  return { finish };
}

/** Links runs of consecutive sectors into one chain of `table`, in order. */
function chain(table: Uint32Array, runs: readonly { start: number; count: number }[]): void {
  let previous = -1;
  for (const { start, count } of runs) {
    for (let sector = start; sector < start + count; sector++) {
      if (previous >= 0) table[previous] = sector;
      previous = sector;
    }
  }
  if (previous >= 0) table[previous] = END_OF_CHAIN;
}

async function writeAt(out: FileHandle, bytes: Uint8Array, position: number): Promise<void> {
  for (let done = 0; done < bytes.length; ) {
    done += (await out.write(bytes, done, bytes.length - done, position + done)).bytesWritten;
  }
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

/**
 * The table as little-endian bytes: its own memory on a little-endian machine (every platform
 * Signet ships for; a 200 MB package's FAT is 390,000 words, written once, after the signature).
 */
function wordsLE(words: Uint32Array): Buffer {
  if (LITTLE_ENDIAN) return Buffer.from(words.buffer, words.byteOffset, words.byteLength);
  const bytes = Buffer.alloc(words.length * 4);
  for (let i = 0; i < words.length; i++) bytes.writeUInt32LE(words[i]!, i * 4);
  return bytes;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

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
