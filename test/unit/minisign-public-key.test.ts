import { describe, expect, it } from 'vitest';
import { FormatError } from '../../electron/core/errors';
import { isKeyId, keyIdFromKeyNum, keyNumFromKeyId } from '../../electron/core/formats/minisign/key-id';
import {
  formatMinisignPublicKey,
  parseMinisignPublicKey,
  publicKeyBase64,
} from '../../electron/core/formats/minisign/public-key';
import { generateMinisignKeyPair } from '../../electron/core/formats/minisign/secret-key';

// A key made by `minisign -G` 0.11 (its comment prints the id without leading zeros).
const MINISIGN_PUB =
  'untrusted comment: minisign public key FA0F5D0F653CB77\nRWR3y1P20PWgD95ZfQ2RmBA7wl3u9mE8ofK8W0t4yxD3qD3+ti66hzvb\n';
const MINISIGN_B64 = 'RWR3y1P20PWgD95ZfQ2RmBA7wl3u9mE8ofK8W0t4yxD3qD3+ti66hzvb';

describe('minisign key ids', () => {
  it('reads the key number little-endian into 16 uppercase hex digits', () => {
    expect(keyIdFromKeyNum(new Uint8Array([0x77, 0xcb, 0x53, 0xf6, 0xd0, 0xf5, 0xa0, 0x0f]))).toBe(
      '0FA0F5D0F653CB77',
    );
    expect(keyIdFromKeyNum(new Uint8Array([1, 0, 0, 0, 0, 0, 0, 0]))).toBe('0000000000000001');
    expect(keyIdFromKeyNum(new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0xab]))).toBe('AB00000000000000');
  });

  it('round-trips between key number and key id', () => {
    const keyNum = generateMinisignKeyPair().keyNum;
    expect(keyNumFromKeyId(keyIdFromKeyNum(keyNum))).toEqual(keyNum);
  });

  it('refuses key numbers and ids of the wrong shape', () => {
    expect(() => keyIdFromKeyNum(new Uint8Array(7))).toThrow(FormatError);
    expect(() => keyNumFromKeyId('0fa0f5d0f653cb77')).toThrow(FormatError);
    expect(isKeyId('0FA0F5D0F653CB77')).toBe(true);
    expect(isKeyId('FA0F5D0F653CB77')).toBe(false);
  });
});

describe('minisign public keys', () => {
  it('parses a .pub file made by minisign and its bare base64 form alike', () => {
    const fromFile = parseMinisignPublicKey(MINISIGN_PUB);
    const bare = parseMinisignPublicKey(MINISIGN_B64);
    expect(fromFile.keyId).toBe('0FA0F5D0F653CB77');
    expect(bare).toEqual(fromFile);
    expect(fromFile.publicKey).toHaveLength(32);
    expect(publicKeyBase64(fromFile)).toBe(MINISIGN_B64);
  });

  it('formats the 2-line file and parses back to the same key', () => {
    const key = generateMinisignKeyPair();
    const text = formatMinisignPublicKey(key);
    const [comment, line, rest] = text.split('\n');
    expect(comment).toBe(`untrusted comment: minisign public key ${keyIdFromKeyNum(key.keyNum)}`);
    expect(line).toBe(publicKeyBase64(key));
    expect(rest).toBe('');
    const parsed = parseMinisignPublicKey(text);
    expect(parsed.keyNum).toEqual(key.keyNum);
    expect(parsed.publicKey).toEqual(key.publicKey);
  });

  it('accepts CRLF endings and a missing final newline', () => {
    const expected = parseMinisignPublicKey(MINISIGN_PUB);
    expect(parseMinisignPublicKey(MINISIGN_PUB.replace(/\n/g, '\r\n'))).toEqual(expected);
    expect(parseMinisignPublicKey(MINISIGN_PUB.trimEnd())).toEqual(expected);
    expect(parseMinisignPublicKey(`${MINISIGN_B64}\r\n`)).toEqual(expected);
  });

  it.each([
    ['an empty text', ''],
    ['a blank line between', MINISIGN_PUB.replace('\n', '\n\n')],
    ['a third line', `${MINISIGN_PUB}extra\n`],
    ['two final newlines', `${MINISIGN_PUB}\n`],
    ['a missing comment prefix', MINISIGN_PUB.replace('untrusted comment: ', 'comment: ')],
    ['a stray carriage return', MINISIGN_PUB.replace('public key', 'public\rkey')],
    ['base64 with a space', `${MINISIGN_B64.slice(0, 10)} ${MINISIGN_B64.slice(10)}`],
    ['base64 cut short', MINISIGN_B64.slice(0, -4)],
    ['base64 of the wrong length', `${MINISIGN_B64}AAAA`],
    ['url-safe base64', MINISIGN_B64.replace('+', '-')],
    ['a signify-style algorithm other than Ed', Buffer.from('Xd'.padEnd(42, 'x')).toString('base64')],
    ['a leading byte-order mark', `\ufeff${MINISIGN_PUB}`],
    ['an embedded NUL', MINISIGN_PUB.replace('minisign public', 'minisign\0public')],
    ['an enormous file', `untrusted comment: ${'x'.repeat(20_000)}\n${MINISIGN_B64}\n`],
  ])('refuses %s with a FormatError', (_label, text) => {
    expect(() => parseMinisignPublicKey(text)).toThrow(FormatError);
  });
});
