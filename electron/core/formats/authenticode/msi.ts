import { createHash, type Hash } from 'node:crypto';
import * as CFB from 'cfb';
import { FormatError } from '../../errors';
import { looksLikeOle } from './ole-file';
import type { PeDigestName, PeDigests } from './pe-image-digest';

const SIGNATURE = '\u0005DigitalSignature';
const SIGNATURE_EX = '\u0005MsiDigitalSignatureEx';
/** Installers beyond this are refused rather than read whole into memory (cfb has no streaming). */
export const MAX_MSI_BYTES = 1024 * 1024 * 1024;

// Kept apart so the registry can recognise an MSI without loading cfb.
export { looksLikeOle };

interface Node {
  name: string;
  entry: CFB.CFB$Entry;
  children: Node[];
}

export interface MsiFile {
  /** The \x05DigitalSignature stream (raw PKCS#7); undefined when unsigned. */
  signature?: Uint8Array;
  /** The \x05MsiDigitalSignatureEx stream: a hash of names, sizes and times, itself signed. */
  signatureEx?: Uint8Array;
  root: Node;
}

const parsedOnce = new WeakMap<Uint8Array, MsiFile>();

/** readMsi, remembered per byte array: discovery and parse() look at the same bytes. */
export function readMsiCached(bytes: Uint8Array): MsiFile {
  const known = parsedOnce.get(bytes);
  if (known) return known;
  const msi = readMsi(bytes);
  parsedOnce.set(bytes, msi);
  return msi;
}

/** Reads the container; FormatError for anything cfb cannot make sense of. */
export function readMsi(bytes: Uint8Array): MsiFile {
  if (!looksLikeOle(bytes)) throw new FormatError('The file is not a Windows Installer package.');
  if (bytes.length > MAX_MSI_BYTES) throw new FormatError('The installer package is too large to check.');
  let container: CFB.CFB$Container;
  try {
    container = CFB.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { type: 'buffer' });
  } catch {
    throw new FormatError('The installer package is damaged: its storage structure cannot be read.');
  }
  const root = treeOf(container);
  const stream = (name: string) => {
    const found = root.children.find((c) => c.name === name && c.entry.type === 2);
    return found ? contentOf(found.entry) : undefined;
  };
  return { root, signature: stream(SIGNATURE), signatureEx: stream(SIGNATURE_EX) };
}

function treeOf(container: CFB.CFB$Container): Node {
  const byPath = new Map<string, Node>();
  let root: Node | undefined;
  container.FullPaths.forEach((path, index) => {
    const entry = container.FileIndex[index];
    if (!entry || (entry.type !== 1 && entry.type !== 2 && entry.type !== 5)) return;
    const trimmed = path.endsWith('/') ? path.slice(0, -1) : path;
    const cut = trimmed.lastIndexOf('/');
    const node: Node = { name: entry.name, entry, children: [] };
    if (entry.type === 5) {
      root = node;
      byPath.set(`${trimmed}/`, node);
      return;
    }
    if (entry.type === 1) byPath.set(`${trimmed}/`, node);
    const parent = byPath.get(trimmed.slice(0, cut + 1));
    if (!parent) throw new FormatError('The installer package is damaged: an entry has no parent storage.');
    parent.children.push(node);
  });
  if (!root) throw new FormatError('The installer package is damaged: it has no root storage.');
  return root;
}

function contentOf(entry: CFB.CFB$Entry): Uint8Array {
  const content = entry.content as Uint8Array | number[] | undefined;
  if (!content) return new Uint8Array(0);
  const bytes = content instanceof Uint8Array ? content : Uint8Array.from(content);
  return bytes.subarray(0, entry.size);
}

/** Names as the directory stores them (UTF-16LE, NUL-terminated), compared byte by byte. */
function nameKey(name: string): Buffer {
  return Buffer.from(`${name}\0`, 'utf16le');
}

function hashOrder(children: readonly Node[]): Node[] {
  return [...children].sort((a, b) => {
    const x = nameKey(a.name);
    const y = nameKey(b.name);
    const diff = Buffer.compare(
      x.subarray(0, Math.min(x.length, y.length)),
      y.subarray(0, Math.min(x.length, y.length)),
    );
    if (diff !== 0) return diff;
    return x.length > y.length ? -1 : 1; // as signers do: the longer name first
  });
}

const isSignatureStream = (node: Node) => node.name === SIGNATURE || node.name === SIGNATURE_EX;

/**
 * The MSI Authenticode content digest: stream contents in each storage's hash order (the signature
 * streams at the root left out), storages recursed into, then the storage's own CLSID. With an
 * MsiDigitalSignatureEx stream, the metadata pre-hash comes first.
 */
export function msiContentDigests(
  msi: MsiFile,
  algorithms: readonly PeDigestName[],
): {
  digests: PeDigests;
  /** Per algorithm: whether the MsiDigitalSignatureEx stream matches the metadata (undefined: none). */
  exMatches?: Partial<Record<PeDigestName, boolean>>;
} {
  const digests: PeDigests = {};
  const exMatches: Partial<Record<PeDigestName, boolean>> = {};
  for (const algorithm of new Set(algorithms)) {
    const hash = createHash(algorithm);
    if (msi.signatureEx) {
      const pre = createHash(algorithm);
      prehashDir(msi.root, pre, true);
      const prehash = pre.digest();
      exMatches[algorithm] = Buffer.from(msi.signatureEx).equals(prehash);
      hash.update(prehash);
    }
    hashDir(msi.root, hash, true);
    digests[algorithm] = new Uint8Array(hash.digest());
  }
  return msi.signatureEx ? { digests, exMatches } : { digests };
}

function hashDir(dir: Node, hash: Hash, isRoot: boolean): void {
  for (const child of hashOrder(dir.children)) {
    if (isRoot && isSignatureStream(child)) continue;
    if (child.entry.type === 2) hash.update(contentOf(child.entry));
    else hashDir(child, hash, false);
  }
  hash.update(clsidOf(dir.entry));
}

function prehashDir(dir: Node, hash: Hash, isRoot: boolean): void {
  prehashEntry(dir, hash, isRoot);
  for (const child of hashOrder(dir.children)) {
    if (isRoot && isSignatureStream(child)) continue;
    if (child.entry.type === 2) prehashEntry(child, hash, false);
    else prehashDir(child, hash, false);
  }
}

function prehashEntry(node: Node, hash: Hash, isRoot: boolean): void {
  const entry = node.entry;
  if (!isRoot) hash.update(Buffer.from(node.name, 'utf16le'));
  const word = Buffer.alloc(4);
  if (entry.type === 2) {
    word.writeUInt32LE(entry.size >>> 0);
    hash.update(word);
  } else {
    hash.update(clsidOf(entry));
  }
  const state = Buffer.alloc(4);
  state.writeUInt32LE((entry.state ?? 0) >>> 0);
  hash.update(state);
  if (!isRoot) {
    hash.update(fileTime(entry.ct));
    hash.update(fileTime(entry.mt));
  }
}

function clsidOf(entry: CFB.CFB$Entry): Buffer {
  const clsid = Buffer.from(entry.clsid ?? '', 'hex');
  return clsid.length === 16 ? clsid : Buffer.alloc(16);
}

/** cfb keeps times as Dates (milliseconds); a FILETIME with finer digits cannot be rebuilt. */
function fileTime(date: Date | undefined): Buffer {
  const out = Buffer.alloc(8);
  if (!date) return out;
  out.writeBigUInt64LE((BigInt(date.getTime()) + 11_644_473_600_000n) * 10_000n);
  return out;
}

/** Whether any entry carries a creation or modification time (see fileTime). */
export function msiHasTimes(msi: MsiFile): boolean {
  const walk = (node: Node): boolean => !!node.entry.ct || !!node.entry.mt || node.children.some(walk);
  return walk(msi.root);
}
