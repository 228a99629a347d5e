import { createHash } from 'node:crypto';
import { FormatError } from '../../errors';
import { hashScattered, readFromBytes } from '../../hashing/scattered-hash';
import type { ContentNeed, EmbeddedReader } from '../format-module';
import { MAX_CERT_TABLE } from './certificate-table';
import { type CompoundEntry, type CompoundFile, type Range, readCompoundFile } from './compound-file';
import { looksLikeOle } from './ole-file';
import type { PeDigestName, PeDigests } from './pe-image-digest';

const SIGNATURE = '\u0005DigitalSignature';
const SIGNATURE_EX = '\u0005MsiDigitalSignatureEx';

// Kept apart so the registry can recognise an MSI without loading this module.
export { looksLikeOle };

export interface MsiFile {
  compound: CompoundFile;
  /** The \x05DigitalSignature stream (raw PKCS#7); undefined when unsigned. */
  signature?: Uint8Array;
  /** The \x05MsiDigitalSignatureEx stream: a hash of names, sizes and times, itself signed. */
  signatureEx?: Uint8Array;
}

/**
 * Reads an installer package's structure and its signature streams through `file`; the other
 * streams are left where they are, for the content digest to read by ranges.
 */
export function readMsi(file: EmbeddedReader): MsiFile {
  const compound = readCompoundFile(file);
  const stream = (name: string) => {
    const found = compound.root.children.find((c) => c.name === name && c.type === 'stream');
    if (!found) return undefined;
    if (found.size > MAX_CERT_TABLE)
      throw new FormatError('The package’s signature is too large to be real.');
    return readRanges(file, compound.rangesOf(found));
  };
  return { compound, signature: stream(SIGNATURE), signatureEx: stream(SIGNATURE_EX) };
}

/** A package held in memory (tests, a signature handed over whole). */
export function readMsiBytes(bytes: Uint8Array): MsiFile {
  return readMsi(bytesReader(bytes));
}

function bytesReader(bytes: Uint8Array): EmbeddedReader {
  return { size: bytes.length, read: (offset, length) => bytes.subarray(offset, offset + length) };
}

function readRanges(file: EmbeddedReader, ranges: readonly Range[]): Uint8Array {
  const parts = ranges.map(([start, end]) => {
    const part = file.read(start, end - start);
    if (part.length !== end - start)
      throw new FormatError('The file changed or ended while it was being read.');
    return part;
  });
  return new Uint8Array(Buffer.concat(parts));
}

/**
 * The MSI Authenticode content digest as the byte ranges it covers, in the order hashed: stream
 * contents in each storage's hash order (the signature streams at the root left out), storages
 * recursed into, then the storage's own CLSID.
 */
function msiContentRanges(msi: MsiFile): Range[] {
  const ranges: Range[] = [];
  const walk = (dir: CompoundEntry, isRoot: boolean) => {
    for (const child of hashOrder(dir.children)) {
      if (isRoot && isSignatureStream(child)) continue;
      if (child.type === 'stream') ranges.push(...msi.compound.rangesOf(child));
      else walk(child, false);
    }
    ranges.push([dir.clsidAt, dir.clsidAt + 16]);
  };
  walk(msi.compound.root, true);
  return ranges;
}

/**
 * The streams the content digest reads, in the order it reads them (msiContentRanges): signing
 * lays a copy out in this order, so hashing the copy back follows the copy.
 */
export function msiStreamsInDigestOrder(compound: CompoundFile): CompoundEntry[] {
  const streams: CompoundEntry[] = [];
  const walk = (dir: CompoundEntry, isRoot: boolean) => {
    for (const child of hashOrder(dir.children)) {
      if (isRoot && isSignatureStream(child)) continue;
      if (child.type === 'stream') streams.push(child);
      else walk(child, false);
    }
  };
  walk(compound.root, true);
  return streams;
}

/**
 * The hash of the package's file list (names, sizes, CLSIDs, states, times): the content of the
 * MsiDigitalSignatureEx stream, and the first thing the content digest hashes when that stream is
 * there. The signature streams themselves are left out, so it is the same before and after signing.
 */
function msiFileListDigest(msi: MsiFile, algorithm: PeDigestName): Buffer {
  const hash = createHash(algorithm);
  const entry = (node: CompoundEntry, isRoot: boolean) => {
    if (!isRoot) hash.update(node.nameBytes);
    const word = Buffer.alloc(4);
    if (node.type === 'stream') {
      word.writeUInt32LE(node.size >>> 0);
      hash.update(word);
    } else hash.update(node.clsid);
    const state = Buffer.alloc(4);
    state.writeUInt32LE(node.state >>> 0);
    hash.update(state);
    if (!isRoot) hash.update(node.created).update(node.modified);
  };
  const walk = (dir: CompoundEntry, isRoot: boolean) => {
    entry(dir, isRoot);
    for (const child of hashOrder(dir.children)) {
      if (isRoot && isSignatureStream(child)) continue;
      if (child.type === 'stream') entry(child, false);
      else walk(child, false);
    }
  };
  walk(msi.compound.root, true);
  return hash.digest();
}

/** The content digests as needs the check's one read meets, by ranges. */
export function msiNeeds(msi: MsiFile, algorithms: readonly PeDigestName[]): ContentNeed[] {
  return [...new Set(algorithms)].map((algorithm) => msiDigestNeed(msi, algorithm, !!msi.signatureEx));
}

/**
 * One content digest as a need: the ranges hashed and, when the package has (or, signing, will
 * have) an MsiDigitalSignatureEx stream, the file list's hash hashed first. Verifying and signing
 * both come here, so what Signet signs is what it checks.
 */
export function msiDigestNeed(
  msi: MsiFile,
  algorithm: PeDigestName,
  withFileList: boolean,
): Extract<ContentNeed, { kind: 'scattered-hash' }> {
  const prefix = withFileList ? msiFileListDigest(msi, algorithm) : undefined;
  return {
    kind: 'scattered-hash',
    algorithm,
    ranges: msiContentRanges(msi),
    ...(prefix ? { prefix: new Uint8Array(prefix) } : {}),
  };
}

/** What the MsiDigitalSignatureEx stream of a package signed with it holds. */
export function msiSignatureEx(msi: MsiFile, algorithm: PeDigestName): Uint8Array {
  return new Uint8Array(msiFileListDigest(msi, algorithm));
}

/** The content digests of a package held in memory, computed here. */
export function msiContentDigests(
  msi: MsiFile,
  bytes: Uint8Array,
  algorithms: readonly PeDigestName[],
): PeDigests {
  const needs = msiNeeds(msi, algorithms);
  const scattered = needs.flatMap((need) =>
    need.kind === 'scattered-hash'
      ? [
          {
            algorithm: need.algorithm,
            ranges: [...need.ranges],
            ...(need.prefix ? { prefix: need.prefix } : {}),
          },
        ]
      : [],
  );
  const results = hashScattered(scattered, readFromBytes(bytes), 'the package');
  const digests: PeDigests = {};
  scattered.forEach((s, index) => {
    digests[s.algorithm as PeDigestName] = results[index];
  });
  return digests;
}

/** Whether the MsiDigitalSignatureEx stream is the hash of the file list, per algorithm. */
export function msiExMatches(msi: MsiFile, algorithms: readonly PeDigestName[]): boolean | undefined {
  if (!msi.signatureEx) return undefined;
  const signed = Buffer.from(msi.signatureEx);
  return [...new Set(algorithms)].every((algorithm) => msiFileListDigest(msi, algorithm).equals(signed));
}

const isSignatureStream = (node: CompoundEntry) => node.name === SIGNATURE || node.name === SIGNATURE_EX;

/** Names compared as stored (UTF-16LE with the NUL), byte by byte; on a tie, the longer first, as signers do. */
function hashOrder(children: readonly CompoundEntry[]): CompoundEntry[] {
  const key = (node: CompoundEntry) => Buffer.concat([node.nameBytes, Buffer.alloc(2)]);
  return [...children].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    const shorter = Math.min(x.length, y.length);
    const diff = Buffer.compare(x.subarray(0, shorter), y.subarray(0, shorter));
    if (diff !== 0) return diff;
    return x.length > y.length ? -1 : 1;
  });
}
