import { describe, expect, it } from 'vitest';
import { ed25519Sign, generateEd25519KeyPair } from '../../electron/core/crypto/ed25519';
import { FormatError } from '../../electron/core/errors';
import { parseSignifyEmbedded, splitSignifyEmbedded } from '../../electron/core/formats/signify/embedded';
import { parseSignifyPublicKey, signifyKeyId } from '../../electron/core/formats/signify/public-key';
import { parseSignifySignature } from '../../electron/core/formats/signify/signature';
import { verifySignify } from '../../electron/core/formats/signify/verify';

// Made by signify-openbsd 31: `signify -G -n -c "my key"`, then `signify -S` and `signify -S -e`
// over the 6 bytes "hello\n".
const REAL_PUBLIC_KEY =
  'untrusted comment: my key public key\nRWQNVWBck+PsffxcqWZRr4c+6Iir7tGiNmnBZTmGzHtXljTO0OcvS5VP\n';
const REAL_SIGNATURE =
  'untrusted comment: verify with k.pub\nRWQNVWBck+PsfUJrK6vJqqZJ8RDxY/IsFwmmZWIS9X2ySix/yBuQe9QBRBqhCfQxJMD/n2xGUBT8iFZQ25a51IBVpJi0CfavzgY=\n';
const REAL_EMBEDDED = Buffer.from(
  'dW50cnVzdGVkIGNvbW1lbnQ6IHZlcmlmeSB3aXRoIGsucHViClJXUU5WV0JjaytQc2ZVSnJLNnZKcXFaSjhSRHhZL0lzRndtbVpXSVM5WDJ5U2l4L3lCdVFlOVFCUkJxaENmUXhKTUQvbjJ4R1VCVDhpRlpRMjVhNTFJQlZwSmkwQ2ZhdnpnWT0KaGVsbG8K',
  'base64',
);
const MESSAGE = new TextEncoder().encode('hello\n');

function makeSignature(message: Uint8Array, keyNum = new Uint8Array(8).fill(7)) {
  const pair = generateEd25519KeyPair();
  const sig = ed25519Sign(message, pair.seed);
  const bytes = Buffer.concat([Buffer.from('Ed'), keyNum, sig]);
  const text = `untrusted comment: test\n${bytes.toString('base64')}\n`;
  return { key: { keyNum, publicKey: pair.publicKey }, text };
}

describe('signify public key', () => {
  it('reads a key file made by signify and shows the key id like minisign', () => {
    const key = parseSignifyPublicKey(REAL_PUBLIC_KEY);
    expect(Buffer.from(key.keyNum).toString('hex')).toBe('0d55605c93e3ec7d');
    expect(key.keyId).toBe('7DECE3935C60550D');
    expect(key.publicKey).toHaveLength(32);
  });

  it('accepts the bare base64 line and CRLF line ends', () => {
    const fromFile = parseSignifyPublicKey(REAL_PUBLIC_KEY);
    expect(parseSignifyPublicKey('RWQNVWBck+PsffxcqWZRr4c+6Iir7tGiNmnBZTmGzHtXljTO0OcvS5VP')).toEqual(
      fromFile,
    );
    expect(parseSignifyPublicKey(REAL_PUBLIC_KEY.replaceAll('\n', '\r\n'))).toEqual(fromFile);
  });

  it('key id reads keynum little-endian', () => {
    expect(signifyKeyId(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 0xab]))).toBe('AB07060504030201');
  });

  it.each([
    ['empty text', ''],
    ['no comment header', 'hello\nRWQNVWBck+PsffxcqWZRr4c+6Iir7tGiNmnBZTmGzHtXljTO0OcvS5VP\n'],
    ['a signature instead of a key', REAL_SIGNATURE],
    ['three lines', `${REAL_PUBLIC_KEY}extra\n`],
    ['bad base64', 'untrusted comment: x\nRWQNVWBck+Psff!cqWZRr4c+6Iir7tGiNmnBZTmGzHtXljTO0OcvS5VP\n'],
    [
      'wrong algorithm',
      `untrusted comment: x\n${Buffer.concat([Buffer.from('XX'), Buffer.alloc(40)]).toString('base64')}\n`,
    ],
    [
      'overlong comment',
      `untrusted comment: ${'x'.repeat(1024)}\nRWQNVWBck+PsffxcqWZRr4c+6Iir7tGiNmnBZTmGzHtXljTO0OcvS5VP\n`,
    ],
  ])('refuses %s with a FormatError', (_, text) => {
    expect(() => parseSignifyPublicKey(text)).toThrow(FormatError);
  });
});

describe('signify signature', () => {
  it('verifies the real signify signature over the message', () => {
    const key = parseSignifyPublicKey(REAL_PUBLIC_KEY);
    const sig = parseSignifySignature(REAL_SIGNATURE);
    expect(sig.untrustedComment).toBe('verify with k.pub');
    expect(verifySignify(sig, key, MESSAGE)).toEqual({ ok: true });
  });

  it('says bad-signature when one byte of the message changes', () => {
    const key = parseSignifyPublicKey(REAL_PUBLIC_KEY);
    const sig = parseSignifySignature(REAL_SIGNATURE);
    expect(verifySignify(sig, key, new TextEncoder().encode('hellp\n'))).toEqual({
      ok: false,
      problem: 'bad-signature',
    });
    expect(verifySignify(sig, key, new TextEncoder().encode('hello'))).toEqual({
      ok: false,
      problem: 'bad-signature',
    });
  });

  it('says key-mismatch for a signature made by another key, before looking at the maths', () => {
    const other = makeSignature(MESSAGE);
    const sig = parseSignifySignature(other.text);
    expect(verifySignify(sig, parseSignifyPublicKey(REAL_PUBLIC_KEY), MESSAGE)).toEqual({
      ok: false,
      problem: 'key-mismatch',
    });
    expect(verifySignify(sig, other.key, MESSAGE)).toEqual({ ok: true });
  });

  it('says bad-signature when the keynum matches but the key is different', () => {
    const real = parseSignifyPublicKey(REAL_PUBLIC_KEY);
    const sig = parseSignifySignature(REAL_SIGNATURE);
    const impostor = { keyNum: real.keyNum, publicKey: generateEd25519KeyPair().publicKey };
    expect(verifySignify(sig, impostor, MESSAGE)).toEqual({ ok: false, problem: 'bad-signature' });
  });

  it('accepts a missing final newline and CRLF', () => {
    const sig = parseSignifySignature(REAL_SIGNATURE);
    expect(parseSignifySignature(REAL_SIGNATURE.trimEnd())).toEqual(sig);
    expect(parseSignifySignature(REAL_SIGNATURE.replaceAll('\n', '\r\n'))).toEqual(sig);
  });

  it('points out that a 4-line file looks like minisign', () => {
    const minisignLike = `${REAL_SIGNATURE}trusted comment: x\nAAAA\n`;
    expect(() => parseSignifySignature(minisignLike)).toThrow(/minisign/);
  });

  it.each([
    ['one line', 'untrusted comment: x\n'],
    ['a blank line after', `${REAL_SIGNATURE}\n`],
    ['a public key', REAL_PUBLIC_KEY],
    ['a wrong header', REAL_SIGNATURE.replace('untrusted', 'trusted')],
    ['base64 with a space', REAL_SIGNATURE.replace('RWQN', 'RW QN')],
    ['a truncated signature', REAL_SIGNATURE.replace('zgY=', '')],
  ])('refuses %s', (_, text) => {
    expect(() => parseSignifySignature(text)).toThrow(FormatError);
  });
});

describe('signify embedded signature', () => {
  it('splits a real signify -e file into signature and exact message bytes', () => {
    const { signature, message } = parseSignifyEmbedded(REAL_EMBEDDED);
    expect(Buffer.from(message).toString()).toBe('hello\n');
    expect(verifySignify(signature, parseSignifyPublicKey(REAL_PUBLIC_KEY), message)).toEqual({ ok: true });
  });

  it('keeps the message byte for byte, including CR and binary bytes', () => {
    const message = Uint8Array.from([0x0d, 0x0a, 0, 0xff, 0x0a, 0x0a]);
    const made = makeSignature(message);
    const file = Buffer.concat([Buffer.from(made.text), message]);
    const parsed = parseSignifyEmbedded(file);
    expect(Buffer.from(parsed.message)).toEqual(Buffer.from(message));
    expect(verifySignify(parsed.signature, made.key, parsed.message)).toEqual({ ok: true });
  });

  it('an empty message is still a message', () => {
    const made = makeSignature(new Uint8Array(0));
    const parsed = parseSignifyEmbedded(Buffer.from(made.text));
    expect(parsed.message).toHaveLength(0);
    expect(verifySignify(parsed.signature, made.key, parsed.message)).toEqual({ ok: true });
  });

  it('a changed embedded message fails', () => {
    const tampered = Buffer.from(REAL_EMBEDDED);
    tampered.writeUInt8(tampered.readUInt8(tampered.length - 2) ^ 1, tampered.length - 2);
    const { signature, message } = parseSignifyEmbedded(tampered);
    expect(verifySignify(signature, parseSignifyPublicKey(REAL_PUBLIC_KEY), message)).toEqual({
      ok: false,
      problem: 'bad-signature',
    });
  });

  it('refuses files without two signature lines or with non-text header bytes', () => {
    expect(() => splitSignifyEmbedded(Buffer.from('untrusted comment: x\nno second newline'))).toThrow(
      FormatError,
    );
    expect(() => splitSignifyEmbedded(Buffer.from([0xff, 0x0a, 0x41, 0x0a]))).toThrow(FormatError);
    expect(() => parseSignifyEmbedded(Buffer.from('a\nb\nmessage'))).toThrow(FormatError);
    // Newlines far past any real header are not searched for.
    expect(() =>
      splitSignifyEmbedded(Buffer.concat([Buffer.alloc(5000, 0x41), Buffer.from('\n\n')])),
    ).toThrow(FormatError);
  });
});
