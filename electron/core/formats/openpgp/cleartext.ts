import { FormatError } from '../../errors';
import type { HashName } from '../ids';
import { armorLines, readBlock } from './armor';
import { hashNameFromArmor } from './hash-names';

export interface CleartextParts {
  /** The bytes the signatures cover: lines without trailing blanks, joined by CRLF (RFC 9580 §7.2). */
  signedBytes: Uint8Array;
  /** The same text as a person reads it: LF line ends, no added final newline. */
  text: Uint8Array;
  /** Hashes the `Hash:` header lists; undefined when there is no header (allowed since RFC 9580). */
  declaredHashes: readonly HashName[] | undefined;
  /** The decoded `PGP SIGNATURE` block that follows the text. */
  signatureData: Uint8Array;
}

const BEGIN_MESSAGE = /^-----BEGIN PGP SIGNED MESSAGE-----[ \t]*$/;
const BEGIN_SIGNATURE = /^-----BEGIN PGP SIGNATURE-----[ \t]*$/;

/**
 * Splits a cleartext-signed message. Text before the BEGIN line is ignored (gpg does too), but only
 * the text between the headers and the signature is ever returned as signed.
 */
export function parseCleartext(source: string): CleartextParts {
  const lines = armorLines(source);
  const start = lines.findIndex((l) => BEGIN_MESSAGE.test(l.replace(/^\uFEFF/, '')));
  if (start < 0) throw new FormatError('This is not a cleartext-signed message.');
  let i = start + 1;
  const declared: HashName[] = [];
  let sawHashHeader = false;
  for (; i < lines.length; i++) {
    const line = (lines[i] ?? '').trimEnd();
    if (line === '') break;
    const header = /^Hash: (.+)$/.exec(line);
    if (!header) throw new FormatError('The signed message has a header Signet does not know.');
    sawHashHeader = true;
    for (const name of (header[1] ?? '').split(',')) {
      const hash = hashNameFromArmor(name);
      if (!hash)
        throw new FormatError(
          `The signed message names a hash Signet does not read (${name.trim().slice(0, 20)}).`,
        );
      declared.push(hash);
    }
  }
  if (i >= lines.length) throw new FormatError('The signed message was cut short before its text.');
  i++;
  const textLines: string[] = [];
  for (; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (BEGIN_SIGNATURE.test(line)) break;
    textLines.push(dashUnescape(line).replace(/[ \t\r]+$/, ''));
  }
  if (i >= lines.length)
    throw new FormatError('The signed message has no signature: the file was cut short.');
  const { block } = readBlock(lines, i + 1, 'SIGNATURE');
  const encoder = new TextEncoder();
  return {
    signedBytes: encoder.encode(textLines.join('\r\n')),
    text: encoder.encode(textLines.join('\n')),
    declaredHashes: sawHashHeader ? declared : undefined,
    signatureData: block.data,
  };
}

/** "- " starts every escaped line; a line that starts with a dash otherwise is left as it is. */
function dashUnescape(line: string): string {
  return line.startsWith('- ') ? line.slice(2) : line;
}
