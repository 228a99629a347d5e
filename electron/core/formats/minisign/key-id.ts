import { FormatError } from '../../errors';

export const KEY_NUM_BYTES = 8;

const KEY_ID = /^[0-9A-F]{16}$/;

/**
 * The key id people see: the 8-byte key number read as a little-endian u64, in 16 uppercase hex
 * digits. minisign 0.11 prints the same number without leading zeros in its .pub comment; the
 * value is the same, and the zero-padded form is the one that sorts and compares reliably.
 */
export function keyIdFromKeyNum(keyNum: Uint8Array): string {
  if (keyNum.length !== KEY_NUM_BYTES) {
    throw new FormatError(`A key number has ${KEY_NUM_BYTES} bytes, not ${keyNum.length}.`);
  }
  let hex = '';
  for (let i = KEY_NUM_BYTES - 1; i >= 0; i--) hex += keyNum[i]!.toString(16).padStart(2, '0');
  return hex.toUpperCase();
}

export function isKeyId(text: string): boolean {
  return KEY_ID.test(text);
}

export function keyNumFromKeyId(keyId: string): Uint8Array {
  if (!isKeyId(keyId)) throw new FormatError('A key id is 16 hexadecimal digits (0-9, A-F).');
  const keyNum = new Uint8Array(KEY_NUM_BYTES);
  for (let i = 0; i < KEY_NUM_BYTES; i++) {
    keyNum[KEY_NUM_BYTES - 1 - i] = Number.parseInt(keyId.slice(i * 2, i * 2 + 2), 16);
  }
  return keyNum;
}
