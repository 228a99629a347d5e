import { describe, expect, it } from 'vitest';
import { ed25519Sign } from '../../electron/core/crypto/ed25519';
import { FormatError, SignetError } from '../../electron/core/errors';
import { generateMinisignKeyPair } from '../../electron/core/formats/minisign/secret-key';
import {
  formatMinisignSignature,
  globallySignedBytes,
  type MinisignSignature,
  parseMinisignSignature,
  verifyMinisignSignature,
} from '../../electron/core/formats/minisign/signature';
import { blake2b512, signedText } from './minisign-fixtures';

const key = generateMinisignKeyPair();
const message = new TextEncoder().encode('the release artifact\n');
const digest = blake2b512(message);

/** A legacy 'Ed' signature (Ed25519 over the whole message), as `minisign -S -l` writes. */
function legacySignature(data: Uint8Array, trustedComment: string): MinisignSignature {
  const signature = ed25519Sign(data, key.seed);
  return {
    algorithm: 'Ed',
    keyNum: key.keyNum,
    signature,
    untrustedComment: 'signature from minisign secret key',
    trustedComment,
    globalSignature: ed25519Sign(globallySignedBytes(signature, trustedComment), key.seed),
  };
}

describe('minisign signatures', () => {
  it('round-trips: what Signet signs parses and verifies', () => {
    const text = signedText(message, key, 'timestamp:1700000000\tfile:app.tar.gz\thashed');
    const sig = parseMinisignSignature(text);
    expect(sig.algorithm).toBe('ED');
    expect(sig.untrustedComment).toBe('signature from signet secret key');
    expect(sig.trustedComment).toBe('timestamp:1700000000\tfile:app.tar.gz\thashed');
    expect(verifyMinisignSignature(sig, key, { blake2b512: digest })).toEqual({ ok: true });
    expect(formatMinisignSignature(sig)).toBe(text);
  });

  it('keeps a non-ASCII trusted comment byte-exact, from text or from bytes', () => {
    const text = signedText(message, key, 'für José 日本 🎉');
    expect(verifyMinisignSignature(parseMinisignSignature(text), key, { blake2b512: digest })).toEqual({
      ok: true,
    });
    const fromBytes = parseMinisignSignature(new TextEncoder().encode(text));
    expect(fromBytes.trustedComment).toBe('für José 日本 🎉');
    expect(verifyMinisignSignature(fromBytes, key, { blake2b512: digest })).toEqual({ ok: true });
  });

  it('tells "signed by another key" apart from "file changed" and "comment changed"', () => {
    const sig = parseMinisignSignature(signedText(message, key, 'original comment'));
    const other = generateMinisignKeyPair();
    expect(verifyMinisignSignature(sig, other, { blake2b512: digest })).toEqual({
      ok: false,
      problem: 'key-mismatch',
    });
    // Same key number, different key: the maths fails, it is not a "different signer" answer.
    expect(
      verifyMinisignSignature(
        sig,
        { keyNum: key.keyNum, publicKey: other.publicKey },
        { blake2b512: digest },
      ),
    ).toEqual({ ok: false, problem: 'bad-signature' });
    expect(verifyMinisignSignature(sig, key, { blake2b512: blake2b512('the release artifact!\n') })).toEqual({
      ok: false,
      problem: 'bad-signature',
    });
    expect(
      verifyMinisignSignature({ ...sig, trustedComment: 'edited comment' }, key, { blake2b512: digest }),
    ).toEqual({
      ok: false,
      problem: 'bad-global-signature',
    });
    expect(
      verifyMinisignSignature({ ...sig, trustedComment: 'original comment\n' }, key, { blake2b512: digest }),
    ).toEqual({ ok: false, problem: 'bad-global-signature' });
  });

  it('verifies legacy Ed signatures over the whole file, and only over the whole file', () => {
    const sig = legacySignature(message, 'timestamp:1700000000\tfile:app.tar.gz');
    const parsed = parseMinisignSignature(formatMinisignSignature(sig));
    expect(parsed.algorithm).toBe('Ed');
    expect(verifyMinisignSignature(parsed, key, { message })).toEqual({ ok: true });
    expect(verifyMinisignSignature(parsed, key, { message: message.subarray(1) })).toEqual({
      ok: false,
      problem: 'bad-signature',
    });
    // The digest is not the message: passing both must still check the message.
    expect(verifyMinisignSignature(parsed, key, { message: digest, blake2b512: digest })).toEqual({
      ok: false,
      problem: 'bad-signature',
    });
  });

  it('does not let an ED signature pass as Ed or the other way round', () => {
    const hashed = parseMinisignSignature(signedText(message, key));
    expect(
      verifyMinisignSignature({ ...hashed, algorithm: 'Ed' }, key, { message, blake2b512: digest }),
    ).toEqual({
      ok: false,
      problem: 'bad-signature',
    });
    const legacy = legacySignature(message, 'c');
    expect(
      verifyMinisignSignature({ ...legacy, algorithm: 'ED' }, key, { message, blake2b512: digest }),
    ).toEqual({
      ok: false,
      problem: 'bad-signature',
    });
  });

  it('asks for the right form of the data instead of guessing', () => {
    const hashed = parseMinisignSignature(signedText(message, key));
    expect(() => verifyMinisignSignature(hashed, key, { message })).toThrow(SignetError);
    expect(() => verifyMinisignSignature(hashed, key, { blake2b512: digest.subarray(0, 32) })).toThrow(
      SignetError,
    );
    expect(() => verifyMinisignSignature(legacySignature(message, 'c'), key, { blake2b512: digest })).toThrow(
      SignetError,
    );
  });

  it('accepts CRLF line endings and a missing final newline', () => {
    const text = signedText(message, key);
    for (const variant of [text.replace(/\n/g, '\r\n'), text.trimEnd()]) {
      expect(verifyMinisignSignature(parseMinisignSignature(variant), key, { blake2b512: digest })).toEqual({
        ok: true,
      });
    }
  });

  describe('refuses damaged or foreign files with a FormatError', () => {
    const text = signedText(message, key, 'comment');
    const lines = text.trimEnd().split('\n');
    const withLine = (index: number, line: string) =>
      lines.map((l, i) => (i === index ? line : l)).join('\n');
    const cases: [string, string][] = [
      ['an empty file', ''],
      ['a signify signature (2 lines)', `${lines[0]}\n${lines[1]}\n`],
      ['3 lines', lines.slice(0, 3).join('\n')],
      ['5 lines', `${text}extra\n`],
      ['a blank line', text.replace('\n', '\n\n')],
      ['no "untrusted comment: " prefix', withLine(0, 'untrusted: x')],
      ['no "trusted comment: " prefix', withLine(2, 'trusted comment:x')],
      ['a trusted comment where the untrusted one goes', withLine(0, lines[2]!)],
      ['a stray carriage return in the trusted comment', withLine(2, 'trusted comment: a\rb')],
      ['a NUL in the trusted comment', withLine(2, 'trusted comment: a\0b')],
      ['a signature line cut short', withLine(1, lines[1]!.slice(0, 40))],
      ['a signature line with junk appended', withLine(1, `${lines[1]}AAAA`)],
      [
        'an unknown algorithm',
        withLine(1, Buffer.concat([Buffer.from('EX'), Buffer.alloc(72)]).toString('base64')),
      ],
      ['a global signature of the wrong length', withLine(3, Buffer.alloc(63).toString('base64'))],
      ['a global signature in url-safe base64', withLine(3, Buffer.alloc(64, 0xfb).toString('base64url'))],
      ['a file over 64 KiB', withLine(0, `untrusted comment: ${'x'.repeat(70 * 1024)}`)],
    ];
    it.each(cases)('%s', (_label, bad) => {
      expect(() => parseMinisignSignature(bad)).toThrow(FormatError);
    });

    it('explains that a 2-line file is probably signify', () => {
      expect(() => parseMinisignSignature(`${lines[0]}\n${lines[1]}\n`)).toThrow(/signify/);
    });

    it('refuses bytes that are not UTF-8', () => {
      const bytes = Buffer.concat([
        Buffer.from(text.slice(0, 25)),
        Buffer.from([0xff]),
        Buffer.from(text.slice(25)),
      ]);
      expect(() => parseMinisignSignature(bytes)).toThrow(/UTF-8/);
    });

    it('refuses base64 whose unused bits are set, so one signature has one spelling', () => {
      // 64 bytes end in "xx==": the second-last letter carries 4 unused bits.
      const line = lines[3]!;
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
      const index = alphabet.indexOf(line.at(-3)!);
      const sibling = alphabet[(index & ~0x0f) | ((index + 1) & 0x0f)]!;
      const nonCanonical = `${line.slice(0, -3)}${sibling}==`;
      expect(Buffer.from(nonCanonical, 'base64')).toEqual(Buffer.from(line, 'base64'));
      expect(() => parseMinisignSignature(withLine(3, nonCanonical))).toThrow(/not valid base64/);
    });
  });

  it('refuses to format comments that would break the file', () => {
    const sig = parseMinisignSignature(signedText(message, key));
    expect(() => formatMinisignSignature({ ...sig, trustedComment: 'a\nb' })).toThrow(SignetError);
    expect(() => formatMinisignSignature({ ...sig, untrustedComment: 'a\rb' })).toThrow(SignetError);
    expect(() => formatMinisignSignature({ ...sig, signature: sig.signature.subarray(1) })).toThrow(
      SignetError,
    );
  });
});
