import { FormatError } from '../../errors';
import { crc24 } from './crc24';

/** One `-----BEGIN PGP …-----` block: its label and its decoded bytes. */
export interface ArmorBlock {
  label: string;
  headers: readonly { key: string; value: string }[];
  data: Uint8Array;
}

const BEGIN = /^-----BEGIN PGP ([A-Z0-9 ,/]+)-----[ \t]*$/;
const END = /^-----END PGP ([A-Z0-9 ,/]+)-----[ \t]*$/;
const HEADER = /^([A-Za-z0-9-]+): ?(.*)$/;
const BASE64_LINE = /^[A-Za-z0-9+/]*={0,2}$/;
const CHECKSUM = /^=([A-Za-z0-9+/]{4})$/;

/** Lines without their ends (LF or CRLF), as armor allows either. */
export function armorLines(text: string): string[] {
  return text.split(/\r?\n/);
}

export function looksArmored(text: string): boolean {
  return /^\uFEFF?\s*-----BEGIN PGP /.test(text);
}

/**
 * Reads every armor block in `text`, in order (a file may hold several, e.g. one per signer).
 * Text outside blocks is ignored, as gpg does; a bad checksum or base64 is a FormatError.
 */
export function dearmorAll(text: string): ArmorBlock[] {
  const lines = armorLines(text);
  const blocks: ArmorBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    const begin = BEGIN.exec(lines[i] ?? '');
    if (!begin) {
      i++;
      continue;
    }
    const { block, next } = readBlock(lines, i + 1, begin[1] ?? '');
    blocks.push(block);
    i = next;
  }
  return blocks;
}

/** Reads the block whose BEGIN line was just before `start`; returns it and the line after END. */
export function readBlock(
  lines: readonly string[],
  start: number,
  label: string,
): { block: ArmorBlock; next: number } {
  const headers: { key: string; value: string }[] = [];
  let i = start;
  for (; i < lines.length; i++) {
    const line = (lines[i] ?? '').trimEnd();
    if (line === '') {
      i++;
      break;
    }
    const header = HEADER.exec(line);
    // No blank line after BEGIN: some writers omit it when there are no headers.
    if (!header) break;
    headers.push({ key: header[1] ?? '', value: header[2] ?? '' });
  }
  const body: string[] = [];
  let checksum: string | undefined;
  for (; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    const end = END.exec(line);
    if (end) {
      if (end[1] !== label)
        throw new FormatError(`The armored block "${label}" ends with a different label.`);
      const data = decodeBase64(body.join(''));
      if (checksum !== undefined && crc24(data) !== readChecksum(checksum)) {
        throw new FormatError('The armored block is damaged: its checksum does not match.');
      }
      return { block: { label, headers, data }, next: i + 1 };
    }
    if (line === '') continue;
    const crc = CHECKSUM.exec(line);
    if (crc && checksum === undefined) {
      checksum = crc[1];
      continue;
    }
    if (checksum !== undefined || !BASE64_LINE.test(line)) {
      throw new FormatError('The armored block is damaged: it holds text that is not base64.');
    }
    body.push(line);
  }
  throw new FormatError(`The armored block "${label}" has no END line: the file was cut short.`);
}

function decodeBase64(text: string): Uint8Array {
  if (text.length % 4 === 1 || /=[^=]/.test(text)) {
    throw new FormatError('The armored block is damaged: its base64 is cut short.');
  }
  return new Uint8Array(Buffer.from(text, 'base64'));
}

function readChecksum(text: string): number {
  const bytes = Buffer.from(text, 'base64');
  return ((bytes[0] ?? 0) << 16) | ((bytes[1] ?? 0) << 8) | (bytes[2] ?? 0);
}
