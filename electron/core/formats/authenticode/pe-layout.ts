import { printable } from '../../../../shared/printable';
import { FormatError } from '../../errors';

/**
 * Where the parts of a PE image (.exe, .dll, .sys, .efi) sit that matter for Authenticode: the
 * checksum field and the certificate-table directory entry (both left out of the image digest) and
 * the certificate table itself. Every offset is checked against the file size before anyone uses it.
 */
export interface PeLayout {
  format: 'PE32' | 'PE32+';
  fileSize: number;
  checksumOffset: number;
  /** Data directory 4; absent when the header declares fewer than five directories. */
  certDirOffset?: number;
  /** The table the directory entry points at (a file offset, not an RVA); absent when unsigned. */
  certTable?: { offset: number; size: number };
  sizeOfHeaders: number;
  sections: readonly PeSection[];
}

interface PeSection {
  name: string;
  offset: number;
  size: number;
}

/** Headers of real files sit in the first few KiB; a header further out is refused, not searched. */
export const PE_HEAD_BYTES = 64 * 1024;
/** The loader's own limit on sections. */
const MAX_SECTIONS = 96;
const CERT_DIRECTORY = 4;
const OPTIONAL_HEADER = { PE32: { magic: 0x10b, dirs: 96 }, 'PE32+': { magic: 0x20b, dirs: 112 } } as const;

/** Cheap look at the first bytes: an MZ header whose e_lfanew points at "PE\0\0". Never throws. */
export function looksLikePe(head: Uint8Array): boolean {
  if (head.length < 64 || head[0] !== 0x4d || head[1] !== 0x5a) return false;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const peOffset = view.getUint32(0x3c, true);
  return peOffset + 4 <= head.length && view.getUint32(peOffset, false) === 0x50450000;
}

/** Reads the layout from the file's first bytes (at least PE_HEAD_BYTES, or the whole file). */
export function readPeLayout(head: Uint8Array, fileSize: number): PeLayout {
  const bad = (why: string) => new FormatError(`The file is not a valid Windows program: ${why}.`);
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const need = (end: number, what: string) => {
    if (end > head.length || end > fileSize) throw bad(`the ${what} is cut short or out of place`);
  };
  need(64, 'DOS header');
  if (head[0] !== 0x4d || head[1] !== 0x5a) throw bad('it does not start with "MZ"');
  const peOffset = view.getUint32(0x3c, true);
  need(peOffset + 24, 'PE header');
  if (view.getUint32(peOffset, false) !== 0x50450000) throw bad('the PE signature is missing');
  const sectionCount = view.getUint16(peOffset + 6, true);
  const optionalSize = view.getUint16(peOffset + 20, true);
  const optional = peOffset + 24;
  need(optional + 2, 'optional header');
  const magic = view.getUint16(optional, true);
  const format =
    magic === OPTIONAL_HEADER.PE32.magic
      ? 'PE32'
      : magic === OPTIONAL_HEADER['PE32+'].magic
        ? 'PE32+'
        : undefined;
  if (!format) throw bad(`unknown optional header magic 0x${magic.toString(16)}`);
  const dirsAt = OPTIONAL_HEADER[format].dirs;
  if (optionalSize < dirsAt) throw bad('the optional header is too short');
  need(optional + dirsAt, 'optional header');
  const sizeOfHeaders = view.getUint32(optional + 60, true);
  const checksumOffset = optional + 64;
  const declaredDirs = view.getUint32(optional + dirsAt - 4, true);
  const dirs = Math.min(declaredDirs, Math.floor((optionalSize - dirsAt) / 8), 16);

  const sectionTable = optional + optionalSize;
  if (sectionCount > MAX_SECTIONS) throw bad(`it declares ${sectionCount} sections`);
  need(sectionTable + sectionCount * 40, 'section table');
  const sections: PeSection[] = [];
  for (let i = 0; i < sectionCount; i++) {
    const at = sectionTable + i * 40;
    const name = new TextDecoder('latin1').decode(head.subarray(at, at + 8)).replace(/\0+$/, '');
    const size = view.getUint32(at + 16, true);
    const offset = view.getUint32(at + 20, true);
    if (size > 0 && offset + size > fileSize)
      throw bad(`section "${printable(name)}" runs past the end of the file`);
    sections.push({ name, offset, size });
  }
  const headersEnd = sectionTable + sectionCount * 40;

  const layout: PeLayout = { format, fileSize, checksumOffset, sizeOfHeaders, sections };
  if (dirs <= CERT_DIRECTORY) return layout;
  const certDirOffset = optional + dirsAt + CERT_DIRECTORY * 8;
  layout.certDirOffset = certDirOffset;
  const offset = view.getUint32(certDirOffset, true);
  const size = view.getUint32(certDirOffset + 4, true);
  if (offset === 0 && size === 0) return layout;
  if (offset === 0 || size === 0) throw bad('the certificate table entry is half empty');
  if (offset + size > fileSize) throw bad('the certificate table runs past the end of the file');
  if (offset < headersEnd) throw bad('the certificate table overlaps the headers');
  for (const s of sections) {
    if (s.size > 0 && offset < s.offset + s.size && s.offset < offset + size) {
      throw bad(`the certificate table overlaps section "${printable(s.name)}"`);
    }
  }
  layout.certTable = { offset, size };
  return layout;
}
