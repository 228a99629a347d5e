import { decodeBase64Strict } from '../../encoding/base64';
import { FormatError } from '../../errors';

const SIGNIFY_COMMENT_PREFIX = 'untrusted comment: ';
/** signify's COMMENTMAXLEN is 1024 including the terminating NUL. */
const SIGNIFY_MAX_COMMENT_BYTES = 1023;

export interface SignifyPublicKey {
  keyNum: Uint8Array;
  publicKey: Uint8Array;
  /** 16 uppercase hex digits, keynum read little-endian: what minisign shows for the same bytes. */
  keyId: string;
}

/** Same display rule as minisign so one key shows one id whichever tool made it. */
export function signifyKeyId(keyNum: Uint8Array): string {
  return Buffer.from(keyNum).reverse().toString('hex').toUpperCase();
}

/** Checks the "untrusted comment: " line and returns the comment after it. */
export function parseSignifyCommentLine(line: string, what: string): string {
  if (!line.startsWith(SIGNIFY_COMMENT_PREFIX)) {
    throw new FormatError(`${what} must start with a line "untrusted comment: ...".`);
  }
  const comment = line.slice(SIGNIFY_COMMENT_PREFIX.length);
  if (Buffer.byteLength(comment, 'utf8') > SIGNIFY_MAX_COMMENT_BYTES) {
    throw new FormatError(`${what} has a comment longer than ${SIGNIFY_MAX_COMMENT_BYTES} bytes.`);
  }
  return comment;
}

/**
 * Reads a signify public key file ("untrusted comment: ..." then base64 of "Ed" | keynum | pk) or
 * the bare base64 line. The bytes are the same as a minisign public key.
 */
export function parseSignifyPublicKey(text: string): SignifyPublicKey {
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  if (lines.at(-1) === '') lines.pop();
  const trimmed = lines.map((line) => line.replace(/\r$/, ''));
  let base64: string;
  if (trimmed.length === 1) {
    base64 = trimmed[0]!.trim();
  } else if (trimmed.length === 2) {
    parseSignifyCommentLine(trimmed[0]!, 'A signify public key');
    base64 = trimmed[1]!;
  } else {
    throw new FormatError(
      `A signify public key has 2 lines (a comment and the key); this text has ${trimmed.length}.`,
    );
  }
  const bytes = decodeBase64Strict(base64, 'The signify public key', 42);
  if (bytes[0] !== 0x45 || bytes[1] !== 0x64) {
    throw new FormatError('The signify public key is not an Ed25519 key (it does not start with "Ed").');
  }
  const keyNum = bytes.slice(2, 10);
  return { keyNum, publicKey: bytes.slice(10, 42), keyId: signifyKeyId(keyNum) };
}
