import { FormatError } from '../../errors';
import type { EmbeddedReader } from '../format-module';

/**
 * A Compound File Binary ([MS-CFB]) read in place: the header, the sector allocation tables and
 * the directory, never the streams' contents. A stream is a list of byte ranges of the file, so
 * an installer of any size is hashed by reading those ranges, not by holding it in memory.
 */
export interface CompoundFile {
  root: CompoundEntry;
  /** Where each stream's bytes lie in the file, in order. */
  rangesOf(entry: CompoundEntry): Range[];
  /**
   * The offset of the first byte no structure accounts for (see `firstUnaccountedByte`), or
   * undefined when every byte of the file belongs to the compound file.
   */
  unaccountedAt?: number;
}

export type Range = readonly [start: number, end: number];

export interface CompoundEntry {
  /** The name's UTF-16LE code units as stored, without the terminating NUL. */
  nameBytes: Buffer;
  name: string;
  type: 'storage' | 'stream' | 'root';
  /** Where the 16-byte CLSID lies in the file. */
  clsidAt: number;
  clsid: Buffer;
  state: number;
  /** FILETIMEs exactly as stored (8 bytes each). */
  created: Buffer;
  modified: Buffer;
  size: number;
  start: number;
  children: CompoundEntry[];
}

const MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const END_OF_CHAIN = 0xfffffffe;
const FREE = 0xffffffff;
const MAX_REGULAR = 0xfffffffa;
const NO_STREAM = 0xffffffff;
const HEADER_DIFAT = 109;
/** Far beyond any real installer's entries; bounds the work a crafted directory can ask for. */
const MAX_ENTRIES = 1 << 20;
const MAX_DEPTH = 64;
/** The most table sectors read at once (2 MiB of 4 KiB sectors). */
const MAX_RUN = 512;

const damaged = (what: string) => new FormatError(`The installer package is damaged: ${what}.`);

/** Reads the structure of a compound file through `file`; FormatError for anything inconsistent. */
export function readCompoundFile(file: EmbeddedReader): CompoundFile {
  const header = Buffer.from(file.read(0, 512));
  if (header.length < 512 || !header.subarray(0, 8).equals(MAGIC)) {
    throw new FormatError('The file is not a Windows Installer package.');
  }
  const major = header.readUInt16LE(0x1a);
  const shift = header.readUInt16LE(0x1e);
  if (
    header.readUInt16LE(0x1c) !== 0xfffe ||
    !((major === 3 && shift === 9) || (major === 4 && shift === 12))
  ) {
    throw damaged('its header names an unknown version');
  }
  if (header.readUInt16LE(0x20) !== 6 || header.readUInt32LE(0x38) !== 4096) {
    throw damaged('its header names unusual sector sizes');
  }
  const sectorSize = 1 << shift;
  const sectorCount = Math.max(0, Math.ceil(file.size / sectorSize) - 1);
  const offsetOf = (sector: number) => (sector + 1) * sectorSize;
  // `count` sectors from `sector` on, in one read.
  const readSector = (sector: number, count = 1) => {
    if (sector + count > sectorCount) throw damaged('a sector lies past the end of the file');
    const bytes = Buffer.from(file.read(offsetOf(sector), count * sectorSize));
    if (bytes.length !== count * sectorSize) throw damaged('the file ends inside a sector');
    return bytes;
  };

  const { fat, tableSectors } = readFat(header, sectorSize, sectorCount, readSector);
  const used = new Uint8Array(sectorCount);
  for (const sector of tableSectors) used[sector] = 1;
  const chain = (start: number, what: string): number[] => {
    const sectors = followChain(fat, start, sectorCount, what);
    for (const sector of sectors) used[sector] = 1;
    return sectors;
  };

  const directory = chain(header.readUInt32LE(0x30), 'the directory').map((sector) => ({
    sector,
    bytes: readSector(sector),
  }));
  const perSector = sectorSize / 128;
  const entryCount = directory.length * perSector;
  if (entryCount > MAX_ENTRIES) throw damaged('its directory is too large to be real');
  const raw = (id: number) => {
    const where = directory[Math.floor(id / perSector)];
    if (!where) throw damaged('an entry refers to a missing directory entry');
    const at = (id % perSector) * 128;
    return { bytes: where.bytes.subarray(at, at + 128), offset: offsetOf(where.sector) + at };
  };
  const root = entryAt(raw, 0, major);
  if (root.type !== 'root') throw damaged('it has no root storage');
  const seen = new Set<number>([0]);
  const addChildren = (parent: CompoundEntry, childId: number, depth: number) => {
    if (depth > MAX_DEPTH) throw damaged('its storages are nested too deeply');
    // Names are unique in a storage ([MS-CFB] 2.6.4): a second "\x05DigitalSignature" would be
    // left out of the digest like the first, and could carry anything.
    const names = new Set<string>();
    for (const id of siblings(raw, childId, seen, entryCount)) {
      const entry = entryAt(raw, id, major);
      if (entry.type === 'root') throw damaged('a second root storage was found');
      const key = entry.name.toUpperCase();
      if (names.has(key)) throw damaged('two entries in one storage have the same name');
      names.add(key);
      parent.children.push(entry);
      if (entry.type === 'storage') addChildren(entry, raw(id).bytes.readUInt32LE(0x4c), depth + 1);
    }
  };
  addChildren(root, raw(0).bytes.readUInt32LE(0x4c), 0);

  const miniFat = readMiniFat(header, chain, readSector);
  const miniContainer = root.size > 0 ? chain(root.start, 'the small-stream area') : [];
  if (miniContainer.length * sectorSize < root.size) throw damaged('the small-stream area is cut short');

  // A large stream's chain is walked once, into ranges, however often its ranges are asked for.
  const largeRanges = new Map<CompoundEntry, Range[]>();
  const rangesOf = (entry: CompoundEntry): Range[] => {
    if (entry.type !== 'stream' || entry.size === 0) return [];
    if (entry.size >= 4096) {
      let ranges = largeRanges.get(entry);
      if (!ranges) {
        ranges = chainRanges(fat, entry, sectorSize, sectorCount, used);
        largeRanges.set(entry, ranges);
      }
      return ranges.map(([start, end]) => [start, end] as const);
    }
    const miniSectors = followChain(miniFat, entry.start, miniFat.length, `the stream ${entry.name}`);
    if (miniSectors.length * 64 < entry.size) throw damaged(`the stream ${entry.name} is cut short`);
    return merge(
      miniSectors.map((mini) => {
        const at = mini * 64;
        const sector = miniContainer[Math.floor(at / sectorSize)];
        if (sector === undefined || at + 64 > root.size)
          throw damaged('a small stream lies outside its area');
        const start = offsetOf(sector) + (at % sectorSize);
        return [start, start + 64] as const;
      }),
      entry.size,
    );
  };
  for (const entry of streamsOf(root)) if (entry.size >= 4096) rangesOf(entry);
  if (major === 4) markRangeLock(used, sectorSize);
  const unaccountedAt = firstUnaccountedByte(file, used, fat, sectorSize);
  return unaccountedAt === undefined ? { root, rangesOf } : { root, rangesOf, unaccountedAt };
}

function* streamsOf(storage: CompoundEntry): Generator<CompoundEntry> {
  for (const child of storage.children) {
    if (child.type === 'stream') yield child;
    else yield* streamsOf(child);
  }
}

/** Files past 2 GiB with 4 KiB sectors keep a range-lock sector at a fixed place that no chain names. */
function markRangeLock(used: Uint8Array, sectorSize: number): void {
  const sector = Math.floor(0x7fffff00 / sectorSize) - 1;
  if (sector < used.length) used[sector] = 1;
}

/**
 * A signature covers the streams, not the file: bytes outside every structure could carry another
 * file (a ZIP appended to a signed package reads as a JAR) under the publisher's signature. Each
 * sector that no table, directory, stream or the small-stream area uses must be one the allocation
 * table marks free and must hold only zeros, as [MS-CFB] 2.3 and 4.3 ask of unallocated space:
 * wixl and osslsigncode write no such sectors at all, and zeros hide nothing. Anything past the
 * table's reach, a partial sector included, is after the compound file's end.
 */
function firstUnaccountedByte(
  file: EmbeddedReader,
  used: Uint8Array,
  fat: Uint32Array,
  sectorSize: number,
): number | undefined {
  // With 4 KiB sectors the header's sector is padded with zeros after its 512 bytes.
  const headerPad = file.read(512, sectorSize - 512).findIndex((b) => b !== 0);
  if (headerPad >= 0) return 512 + headerPad;
  // indexOf jumps the used sectors natively: a 200 MB package has 390,000 of them and none unused.
  for (let sector = used.indexOf(0); sector >= 0; sector = used.indexOf(0, sector + 1)) {
    const offset = (sector + 1) * sectorSize;
    if (sector >= fat.length || fat[sector] !== FREE) return offset;
    const bytes = file.read(offset, sectorSize);
    const nonZero = bytes.findIndex((b) => b !== 0);
    if (nonZero >= 0) return offset + nonZero;
  }
  return undefined;
}

function readFat(
  header: Buffer,
  sectorSize: number,
  sectorCount: number,
  readSector: (sector: number, count?: number) => Buffer,
): { fat: Uint32Array; tableSectors: number[] } {
  const fatSectorCount = header.readUInt32LE(0x2c);
  const perSector = sectorSize / 4;
  // A FAT covers at most every sector of the file: more FAT sectors than that is a lie.
  if (fatSectorCount > Math.ceil(sectorCount / perSector) + 1)
    throw damaged('its allocation table is too large');
  const fatSectors: number[] = [];
  for (let i = 0; i < HEADER_DIFAT && fatSectors.length < fatSectorCount; i++) {
    fatSectors.push(header.readUInt32LE(0x4c + i * 4));
  }
  let difat = header.readUInt32LE(0x44);
  let difatLeft = header.readUInt32LE(0x48);
  const difatSectors: number[] = [];
  while (fatSectors.length < fatSectorCount) {
    if (difatLeft-- <= 0 || difat > MAX_REGULAR) throw damaged('its allocation table is incomplete');
    const sector = readSector(difat);
    difatSectors.push(difat);
    for (let i = 0; i < perSector - 1 && fatSectors.length < fatSectorCount; i++) {
      fatSectors.push(sector.readUInt32LE(i * 4));
    }
    difat = sector.readUInt32LE(sectorSize - 4);
  }
  const fat = new Uint32Array(fatSectorCount * perSector);
  // Runs of consecutive FAT sectors (writers keep them together) are read at once: one read per
  // sector was most of the time the structure of a 200 MB package (3,000 FAT sectors) took.
  for (let index = 0; index < fatSectors.length; ) {
    const first = fatSectors[index]!;
    let count = 1;
    while (count < MAX_RUN && fatSectors[index + count] === first + count) count++;
    fat.set(wordsOf(readSector(first, count)), index * perSector);
    index += count;
  }
  return { fat, tableSectors: [...fatSectors, ...difatSectors] };
}

/**
 * A sector's little-endian 32-bit words: copied as they are on a little-endian machine (every
 * platform Signet ships for), word by word elsewhere. A 200 MB package has 3,000 FAT sectors.
 */
function wordsOf(bytes: Buffer): Uint32Array {
  if (LITTLE_ENDIAN)
    return new Uint32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  return Uint32Array.from({ length: bytes.length / 4 }, (_, i) => bytes.readUInt32LE(i * 4));
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function readMiniFat(
  header: Buffer,
  chain: (start: number, what: string) => number[],
  readSector: (sector: number) => Buffer,
): Uint32Array {
  const count = header.readUInt32LE(0x40);
  const start = header.readUInt32LE(0x3c);
  if (count === 0 || start === END_OF_CHAIN) return new Uint32Array(0);
  const sectors = chain(start, 'the small-stream table');
  const perSector = sectors.length > 0 ? readSector(sectors[0]!).length / 4 : 0;
  const table = new Uint32Array(sectors.length * perSector);
  sectors.forEach((sector, index) => {
    table.set(wordsOf(readSector(sector)), index * perSector);
  });
  return table;
}

/** A chain of sectors from `start`; a loop, a free sector or a sector past the table is damage. */
function followChain(table: Uint32Array, start: number, limit: number, what: string): number[] {
  const sectors: number[] = [];
  let sector = start;
  while (sector !== END_OF_CHAIN) {
    if (sector > MAX_REGULAR || sector >= table.length || sector >= limit || sector === FREE) {
      throw damaged(`${what} points outside the file`);
    }
    if (sectors.length >= limit) throw damaged(`${what} loops`);
    sectors.push(sector);
    sector = table[sector]!;
  }
  return sectors;
}

/** The entries of one storage: its red-black tree walked in order, each entry visited once. */
function siblings(
  raw: (id: number) => { bytes: Buffer },
  top: number,
  seen: Set<number>,
  entryCount: number,
): number[] {
  const ids: number[] = [];
  const pending = top === NO_STREAM ? [] : [top];
  while (pending.length > 0) {
    const id = pending.pop()!;
    if (id >= entryCount) throw damaged('an entry refers to a missing directory entry');
    if (seen.has(id)) throw damaged('its directory refers to an entry twice');
    seen.add(id);
    ids.push(id);
    const bytes = raw(id).bytes;
    for (const next of [bytes.readUInt32LE(0x44), bytes.readUInt32LE(0x48)]) {
      if (next !== NO_STREAM) pending.push(next);
    }
  }
  return ids;
}

function entryAt(
  raw: (id: number) => { bytes: Buffer; offset: number },
  id: number,
  major: number,
): CompoundEntry {
  const { bytes, offset } = raw(id);
  const nameLength = bytes.readUInt16LE(0x40);
  if (nameLength > 64 || nameLength % 2 !== 0) throw damaged('an entry has an impossible name');
  const nameBytes = Buffer.from(bytes.subarray(0, Math.max(0, nameLength - 2)));
  const kind = bytes[0x42];
  const type = kind === 1 ? 'storage' : kind === 2 ? 'stream' : kind === 5 ? 'root' : undefined;
  if (!type) throw damaged('an entry of an unknown kind is in use');
  const low = bytes.readUInt32LE(0x78);
  const high = bytes.readUInt32LE(0x7c);
  // Version 3 files may leave garbage in the high half of the size.
  if (major === 4 && high !== 0) throw damaged('a stream is larger than Signet reads');
  return {
    nameBytes,
    name: nameBytes.toString('utf16le'),
    type,
    clsidAt: offset + 0x50,
    clsid: Buffer.from(bytes.subarray(0x50, 0x60)),
    state: bytes.readUInt32LE(0x60),
    created: Buffer.from(bytes.subarray(0x64, 0x6c)),
    modified: Buffer.from(bytes.subarray(0x6c, 0x74)),
    size: type === 'storage' ? 0 : low,
    start: bytes.readUInt32LE(0x74),
    children: [],
  };
}

/**
 * A large stream's chain (as followChain walks it, with the same refusals) as ranges joined where
 * sectors touch, the last cut to the stream's size, each sector marked used: built as the chain is
 * walked, so a stream of a million sectors costs a few ranges, not a list of a million sectors.
 * Writers lay a stream's sectors out one after another, so the walk takes each run of consecutive
 * sectors in one tight loop and marks it used at once: the chains are read before every signing
 * and again in the check after it, cold code each time (390,000 sectors in a 200 MB package).
 */
function chainRanges(
  table: Uint32Array,
  entry: CompoundEntry,
  sectorSize: number,
  limit: number,
  used: Uint8Array,
): Range[] {
  const what = `the stream ${entry.name}`;
  const out: [number, number][] = [];
  // Sectors in the table and in the file; FREE and the other markers are all past it.
  const bound = Math.min(table.length, limit);
  let left = entry.size;
  let count = 0;
  let last: [number, number] | undefined;
  for (let sector = entry.start; sector !== END_OF_CHAIN; ) {
    if (sector >= bound) throw damaged(`${what} points outside the file`);
    // [sector, end): a run in which each sector's successor is the next one.
    let end = sector + 1;
    while (end < bound && table[end - 1] === end) end++;
    count += end - sector;
    if (count > limit) throw damaged(`${what} loops`);
    used.fill(1, sector, end);
    if (left > 0) {
      const start = (sector + 1) * sectorSize;
      const cut = start + Math.min((end - sector) * sectorSize, left);
      left -= cut - start;
      if (last && last[1] === start) last[1] = cut;
      else {
        last = [start, cut];
        out.push(last);
      }
    }
    sector = table[end - 1]!;
  }
  if (left > 0) throw damaged(`${what} is cut short`);
  return out;
}

/** Sector ranges joined where they touch, the last one cut to the stream's size. */
function merge(ranges: readonly Range[], size: number): Range[] {
  const out: [number, number][] = [];
  let left = size;
  for (const [start, end] of ranges) {
    if (left <= 0) break;
    const cut = Math.min(end, start + left);
    left -= cut - start;
    const last = out[out.length - 1];
    if (last && last[1] === start) last[1] = cut;
    else out.push([start, cut]);
  }
  return out;
}
