import { FormatError } from '../errors';

type ChecksumAlgorithm = 'sha256' | 'sha512';

export interface ChecksumEntry {
  algorithm: ChecksumAlgorithm;
  digest: Buffer;
  /** The name as listed (escapes undone); resolve it with resolveListedPath before opening. */
  name: string;
  /** 1-based line number in the list. */
  line: number;
}

export const MAX_CHECKSUM_LIST_CHARS = 16 * 1024 * 1024;
export const MAX_CHECKSUM_ENTRIES = 1_000_000;
/** Longer than any real path (PATH_MAX is 4096 on Linux); a longer name is damage, not a file. */
const MAX_LISTED_NAME_CHARS = 4096;

/** Defaults: 16 MiB of text and 1,000,000 entries; lower them where memory is tight. */
export interface ChecksumListLimits {
  maxChars?: number;
  maxEntries?: number;
}

const HEX_LENGTH: Record<ChecksumAlgorithm, number> = { sha256: 64, sha512: 128 };
const BSD_TAGS = new Map<string, ChecksumAlgorithm>([
  ['SHA256', 'sha256'],
  ['SHA512', 'sha512'],
]);
const GNU_LINE = /^([0-9A-Fa-f]+) ([ *])([\s\S]*)$/;
/** `TAG (name) = hex`; the name ends at the LAST ")" followed by " = ", as coreutils reads it. */
const BSD_LINE = /^([A-Za-z0-9-]+) ?\(([\s\S]*)\) ?= ?([0-9A-Fa-f]+)$/;

class LineError extends Error {}

/** coreutils' filename_unescape: only \\, \n and \r are escapes; anything else is damage. */
function unescapeName(name: string): string {
  return name.replace(/\\([\s\S]?)/g, (_, next: string) => {
    if (next === '\\') return '\\';
    if (next === 'n') return '\n';
    if (next === 'r') return '\r';
    throw new LineError('the file name has a backslash that is not \\\\, \\n or \\r');
  });
}

function parseLine(text: string, line: number): ChecksumEntry {
  const escaped = text.startsWith('\\');
  const body = escaped ? text.slice(1) : text;
  let algorithm: ChecksumAlgorithm;
  let hex: string;
  let rawName: string;
  const gnu = body.match(GNU_LINE);
  const bsd = gnu ? null : body.match(BSD_LINE);
  if (gnu) {
    [, hex, , rawName] = gnu as unknown as [string, string, string, string];
    if (hex.length === 64) algorithm = 'sha256';
    else if (hex.length === 128) algorithm = 'sha512';
    else {
      const known: Record<number, string> = { 32: 'MD5', 40: 'SHA-1', 56: 'SHA-224', 96: 'SHA-384' };
      const which = known[hex.length] ? `${known[hex.length]} ` : '';
      throw new LineError(
        `its ${hex.length}-digit ${which}checksum is not SHA-256 (64 digits) or SHA-512 (128 digits)`,
      );
    }
  } else if (bsd) {
    const [, tag, name, digestHex] = bsd as unknown as [string, string, string, string];
    const tagged = BSD_TAGS.get(tag);
    if (!tagged) throw new LineError(`the algorithm ${tag} is not supported (only SHA256 and SHA512 are)`);
    if (digestHex.length !== HEX_LENGTH[tagged]) {
      throw new LineError(
        `a ${tag} checksum has ${HEX_LENGTH[tagged]} hex digits, this one has ${digestHex.length}`,
      );
    }
    algorithm = tagged;
    hex = digestHex;
    rawName = name;
  } else {
    throw new LineError('it is not a checksum line ("<hex>  name" or "SHA256 (name) = <hex>")');
  }
  // Checked before unescaping too: an escape at most halves the length, and a huge damaged line
  // should not cost a long unescape first.
  if (rawName.length > 2 * MAX_LISTED_NAME_CHARS) throw new LineError('the file name is too long');
  const name = escaped ? unescapeName(rawName) : rawName;
  if (name === '') throw new LineError('the file name is empty');
  if (name.length > MAX_LISTED_NAME_CHARS) throw new LineError('the file name is too long');
  return { algorithm, digest: Buffer.from(hex, 'hex'), name, line };
}

/**
 * Reads a checksum list: GNU `<hex>  name` / `<hex> *name` (sha256sum, sha512sum; a leading
 * backslash means the name uses \\ \n \r escapes) and BSD tags `SHA256 (name) = <hex>` (sha256sum
 * --tag, signify -C). The algorithm of a GNU line follows from its length. Blank lines and
 * # comments are skipped, CRLF is fine, and anything else stops the whole list with a FormatError
 * naming the line: a list is either fully understood or not used.
 */
export function parseChecksumList(text: string, limits: ChecksumListLimits = {}): ChecksumEntry[] {
  const maxChars = limits.maxChars ?? MAX_CHECKSUM_LIST_CHARS;
  const maxEntries = limits.maxEntries ?? MAX_CHECKSUM_ENTRIES;
  if (text.length > maxChars) {
    throw new FormatError(`The checksum list is too large (over ${maxChars} characters).`);
  }
  const entries: ChecksumEntry[] = [];
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = index + 1;
    // A trailing CR is the line end of a Windows-made list, not part of the name (coreutils agrees).
    let start = lines[index]!;
    if (start.endsWith('\r')) start = start.slice(0, -1);
    if (start.startsWith(' ') || start.startsWith('\t')) start = start.replace(/^[ \t]+/, '');
    if (start === '' || start.startsWith('#')) continue;
    if (entries.length >= maxEntries) {
      throw new FormatError(`The checksum list has more than ${maxEntries} entries.`);
    }
    try {
      entries.push(parseLine(start, line));
    } catch (error) {
      if (!(error instanceof LineError)) throw error;
      throw new FormatError(`Line ${line} of the checksum list cannot be read: ${error.message}.`);
    }
  }
  return entries;
}
