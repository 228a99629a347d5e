import { decodeBase64Strict, encodeBase64 } from '../../encoding/base64';
import { asciiOf, concatBytes } from '../../encoding/bytes';
import { FormatError } from '../../errors';
import { KEY_NUM_BYTES, keyIdFromKeyNum } from './key-id';
import { splitTextLines, textAfterPrefix } from './text-lines';

export interface MinisignPublicKey {
  keyNum: Uint8Array;
  publicKey: Uint8Array;
  /** 16 uppercase hex digits, key number read little-endian. */
  keyId: string;
}

export const UNTRUSTED_COMMENT_PREFIX = 'untrusted comment: ';
/** "Ed": the only signature algorithm minisign and signify keys carry. */
export const ED25519_ALGORITHM = 'Ed';
const PUBLIC_KEY_BYTES = 2 + KEY_NUM_BYTES + 32;
const MAX_PUBLIC_KEY_TEXT_BYTES = 16 * 1024;

/**
 * Accepts the whole 2-line .pub file or the bare base64 line (what `minisign -P` takes).
 * The comment line is not checked beyond its prefix: it is untrusted and nobody signed it.
 */
export function parseMinisignPublicKey(text: string): MinisignPublicKey {
  const what = 'The public key';
  const lines = splitTextLines(text, { what, maxBytes: MAX_PUBLIC_KEY_TEXT_BYTES });
  if (lines.length === 2) {
    textAfterPrefix(lines[0]!, UNTRUSTED_COMMENT_PREFIX, 'The first line of the public key');
  } else if (lines.length !== 1) {
    throw new FormatError(
      `${what} should be the 2-line .pub file or its base64 line alone, but it has ${lines.length} lines.`,
    );
  }
  return publicKeyFromBytes(decodeBase64Strict(lines[lines.length - 1]!, what, PUBLIC_KEY_BYTES));
}

function publicKeyFromBytes(bytes: Uint8Array): MinisignPublicKey {
  if (bytes.length !== PUBLIC_KEY_BYTES) {
    throw new FormatError(`The public key has ${bytes.length} bytes, expected ${PUBLIC_KEY_BYTES}.`);
  }
  const algorithm = asciiOf(bytes.subarray(0, 2));
  if (algorithm !== ED25519_ALGORITHM) {
    throw new FormatError('The public key is not an Ed25519 minisign key (unknown algorithm).');
  }
  const keyNum = bytes.slice(2, 2 + KEY_NUM_BYTES);
  return { keyNum, publicKey: bytes.slice(2 + KEY_NUM_BYTES), keyId: keyIdFromKeyNum(keyNum) };
}

/** The bare base64 line: "Ed" | keynum | public key. */
export function publicKeyBase64(key: { keyNum: Uint8Array; publicKey: Uint8Array }): string {
  if (key.keyNum.length !== KEY_NUM_BYTES || key.publicKey.length !== 32) {
    throw new FormatError('A minisign public key needs an 8-byte key number and a 32-byte key.');
  }
  return encodeBase64(concatBytes(new Uint8Array([0x45, 0x64]), key.keyNum, key.publicKey));
}

export function formatMinisignPublicKey(key: { keyNum: Uint8Array; publicKey: Uint8Array }): string {
  const keyId = keyIdFromKeyNum(key.keyNum);
  return `${UNTRUSTED_COMMENT_PREFIX}minisign public key ${keyId}\n${publicKeyBase64(key)}\n`;
}
