import { FormatError } from '../../errors';
import type { CompoundEntry, CompoundFile, Range } from './compound-file';
import type { RootStream } from './compound-file-writer';

/** An absent sibling or child link, and an unused entry's links ([MS-CFB] 2.6.1). */
const NO_STREAM = 0xffffffff;

/** One entry of the rewritten file's directory: where its bytes come from, and its place in the tree. */
export interface OutNode {
  nameBytes: Buffer;
  type: 'root' | 'storage' | 'stream';
  clsid: Buffer;
  state: number;
  created: Buffer;
  modified: Buffer;
  size: number;
  /** Where a stream's bytes come from: the source's ranges, or bytes given. */
  content?: { ranges: Range[] } | { bytes: Uint8Array };
  children: OutNode[];
  id: number;
  start: number;
  left: number;
  right: number;
  child: number;
  black: boolean;
}

/** Every entry of the tree, depth first: the order of their directory ids. */
export function numbered(root: OutNode): OutNode[] {
  const nodes: OutNode[] = [];
  const number = (node: OutNode) => {
    node.id = nodes.length;
    nodes.push(node);
    for (const child of node.children) number(child);
  };
  number(root);
  return nodes;
}

/** The entry and everything under it as entries of the rewritten file; each recorded in `made`. */
export function toOutNode(
  entry: CompoundEntry,
  compound: CompoundFile,
  made: Map<CompoundEntry, OutNode>,
): OutNode {
  const node: OutNode = {
    nameBytes: entry.nameBytes,
    type: entry.type,
    clsid: entry.clsid,
    state: entry.state,
    created: entry.created,
    modified: entry.modified,
    size: entry.type === 'stream' ? entry.size : 0,
    ...(entry.type === 'stream' ? { content: { ranges: compound.rangesOf(entry) } } : {}),
    children: entry.children.map((child) => toOutNode(child, compound, made)),
    ...blankLinks(),
  };
  made.set(entry, node);
  return node;
}

export function newStream(stream: RootStream): OutNode {
  const nameBytes = Buffer.from(stream.name, 'utf16le');
  if (nameBytes.length > 62) throw new FormatError('A stream name is longer than a compound file allows.');
  return {
    nameBytes,
    type: 'stream',
    clsid: Buffer.alloc(16),
    state: 0,
    created: Buffer.alloc(8),
    modified: Buffer.alloc(8),
    size: stream.data.length,
    content: { bytes: stream.data },
    children: [],
    ...blankLinks(),
  };
}

const blankLinks = () => ({
  id: 0,
  start: 0,
  left: NO_STREAM,
  right: NO_STREAM,
  child: NO_STREAM,
  black: true,
});

export const nameOf = (node: OutNode) => node.nameBytes.toString('utf16le');

/** [MS-CFB] 2.6.4's order: shorter names first, then code unit by code unit, upper-cased. */
function compareNames(a: Buffer, b: Buffer): number {
  if (a.length !== b.length) return a.length - b.length;
  for (let at = 0; at < a.length; at += 2) {
    const diff = upper(a.readUInt16LE(at)) - upper(b.readUInt16LE(at));
    if (diff !== 0) return diff;
  }
  return 0;
}

function upper(unit: number): number {
  const up = String.fromCharCode(unit).toUpperCase();
  return up.length === 1 ? up.charCodeAt(0) : unit;
}

/**
 * One storage's entries as a balanced search tree, built from the middle out so leaves lie on at
 * most two levels; the deeper level, when not full, is red and everything else black, which meets
 * the red-black rules readers rely on to find a stream by name. Returns the top entry's id.
 */
export function tree(children: OutNode[]): number {
  const sorted = [...children].sort((a, b) => compareNames(a.nameBytes, b.nameBytes));
  for (let i = 1; i < sorted.length; i++) {
    if (compareNames(sorted[i - 1]!.nameBytes, sorted[i]!.nameBytes) === 0) {
      throw new FormatError(
        'The installer package is damaged: two entries in one storage have the same name.',
      );
    }
  }
  const blackLevels = Math.floor(Math.log2(sorted.length + 1));
  const build = (from: number, to: number, depth: number): number => {
    if (from >= to) return NO_STREAM;
    const middle = (from + to) >>> 1;
    const node = sorted[middle]!;
    node.black = depth < blackLevels;
    node.left = build(from, middle, depth + 1);
    node.right = build(middle + 1, to, depth + 1);
    return node.id;
  };
  return build(0, sorted.length, 0);
}

/** The directory sectors: 128 bytes an entry, unused entries with no links ([MS-CFB] 2.6). */
export function directoryBytes(nodes: readonly OutNode[], length: number, major: 3 | 4): Buffer {
  const bytes = Buffer.alloc(length);
  for (let at = 0; at < length; at += 128) {
    // Unused entries: no name, no kind, no links ([MS-CFB] 2.6.3).
    bytes.writeUInt32LE(NO_STREAM, at + 0x44);
    bytes.writeUInt32LE(NO_STREAM, at + 0x48);
    bytes.writeUInt32LE(NO_STREAM, at + 0x4c);
  }
  for (const node of nodes) {
    const at = node.id * 128;
    node.nameBytes.copy(bytes, at);
    bytes.writeUInt16LE(node.nameBytes.length + 2, at + 0x40);
    bytes[at + 0x42] = node.type === 'root' ? 5 : node.type === 'storage' ? 1 : 2;
    bytes[at + 0x43] = node.black ? 1 : 0;
    bytes.writeUInt32LE(node.left, at + 0x44);
    bytes.writeUInt32LE(node.right, at + 0x48);
    bytes.writeUInt32LE(node.child, at + 0x4c);
    node.clsid.copy(bytes, at + 0x50);
    bytes.writeUInt32LE(node.state >>> 0, at + 0x60);
    node.created.copy(bytes, at + 0x64);
    node.modified.copy(bytes, at + 0x6c);
    const stream = node.type === 'stream' || node.type === 'root';
    bytes.writeUInt32LE(stream ? node.start : 0, at + 0x74);
    bytes.writeUInt32LE(stream ? node.size : 0, at + 0x78);
    if (major === 4) bytes.writeUInt32LE(0, at + 0x7c);
  }
  return bytes;
}

/**
 * The kept entries as they lie in the new file, read as readCompoundFile would read them there:
 * the same tree, each CLSID at its directory entry's place, each stream's bytes in one range.
 */
export function placedFile(
  root: CompoundEntry,
  made: ReadonlyMap<CompoundEntry, OutNode>,
  inFile: ReadonlySet<OutNode>,
  directoryAt: number,
  rangeOf: (node: OutNode) => Range[],
): CompoundFile {
  const nodeOf = new Map<CompoundEntry, OutNode>();
  const place = (entry: CompoundEntry): CompoundEntry[] => {
    const node = made.get(entry);
    if (!node || !inFile.has(node)) return [];
    const placed: CompoundEntry = {
      ...entry,
      clsidAt: directoryAt + node.id * 128 + 0x50,
      start: node.start,
      children: entry.children.flatMap(place),
    };
    nodeOf.set(placed, node);
    return [placed];
  };
  const [placedRoot] = place(root);
  return {
    root: placedRoot!,
    rangesOf: (entry) => {
      const node = nodeOf.get(entry);
      return node && entry.type === 'stream' ? rangeOf(node) : [];
    },
  };
}
