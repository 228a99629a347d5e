import { describe, expect, it } from 'vitest';
import { FormatError } from '../../electron/core/errors';
import { dearmorAll } from '../../electron/core/formats/openpgp/armor';
import { parseCleartext } from '../../electron/core/formats/openpgp/cleartext';
import { crc24 } from '../../electron/core/formats/openpgp/crc24';
import { formatFingerprint, normaliseFingerprint } from '../../electron/core/formats/openpgp/fingerprint';
import { readPackets } from '../../electron/core/formats/openpgp/packets';
import { recogniseOpenPgpSignature } from '../../electron/core/formats/openpgp/recognise';

const bytes = (text: string) => new TextEncoder().encode(text);

function armor(label: string, data: Uint8Array, crc = crc24(data)): string {
  const b64 = Buffer.from(data).toString('base64');
  const sum = Buffer.from([crc >> 16, (crc >> 8) & 0xff, crc & 0xff]).toString('base64');
  return `-----BEGIN PGP ${label}-----\nComment: test\n\n${b64.match(/.{1,64}/g)?.join('\n') ?? ''}\n=${sum}\n-----END PGP ${label}-----\n`;
}

describe('fingerprints', () => {
  it('prints 40 hex digits in groups of four and reads them back with spaces or 0x', () => {
    const hex = '0123456789ABCDEF0123456789ABCDEF01234567';
    expect(formatFingerprint(hex)).toBe('0123 4567 89AB CDEF 0123 4567 89AB CDEF 0123 4567');
    expect(normaliseFingerprint(`0x${formatFingerprint(hex).toLowerCase()}`)).toBe(hex);
    expect(() => normaliseFingerprint('0123 4567')).toThrow(FormatError);
  });
});

describe('armor', () => {
  it('reads several blocks, checks the CRC and keeps labels apart', () => {
    const a = Uint8Array.from([1, 2, 3, 4, 5]);
    const b = Uint8Array.from([9, 8, 7]);
    const blocks = dearmorAll(
      `junk before\n${armor('SIGNATURE', a)}between\r\n${armor('PUBLIC KEY BLOCK', b)}`,
    );
    expect(blocks.map((x) => x.label)).toEqual(['SIGNATURE', 'PUBLIC KEY BLOCK']);
    expect(Array.from(blocks[0]?.data ?? [])).toEqual([1, 2, 3, 4, 5]);
    expect(blocks[0]?.headers).toEqual([{ key: 'Comment', value: 'test' }]);
  });

  it('refuses a wrong checksum, a missing END and non-base64 text', () => {
    const a = Uint8Array.from([1, 2, 3, 4, 5]);
    expect(() => dearmorAll(armor('SIGNATURE', a, 0x123456))).toThrow(/checksum/);
    expect(() => dearmorAll(armor('SIGNATURE', a).replace(/-----END[^\n]*\n/, ''))).toThrow(/cut short/);
    expect(() => dearmorAll(armor('SIGNATURE', a).replace('\n=', '\n*not base64*\n='))).toThrow(FormatError);
  });
});

describe('packets', () => {
  it('reads new- and old-format headers of every length size', () => {
    const body200 = new Uint8Array(200).fill(7);
    const stream = Uint8Array.from([
      0xc2,
      3,
      4,
      0,
      1, // new format, tag 2, one-octet length
      0xc2,
      192,
      8,
      ...body200, // new format, two-octet length (200)
      0x88,
      2,
      4,
      1, // old format tag 2, one-octet length
      0x89,
      0,
      1,
      4, // old format, two-octet length
      0xc2,
      255,
      0,
      0,
      0,
      1,
      4, // new format, five-octet length
    ]);
    const packets = readPackets(stream);
    expect(packets.map((p) => [p.tag, p.body.length])).toEqual([
      [2, 3],
      [2, 200],
      [2, 2],
      [2, 1],
      [2, 1],
    ]);
  });

  it('refuses partial, indeterminate and overlong lengths with a FormatError', () => {
    expect(() => readPackets(Uint8Array.from([0xc2, 0xe0, 1]))).toThrow(/streamed/);
    expect(() => readPackets(Uint8Array.from([0x8b, 1]))).toThrow(/unknown length/);
    expect(() => readPackets(Uint8Array.from([0xc2, 10, 1, 2]))).toThrow(/cut short/);
    expect(() => readPackets(Uint8Array.from([0x42]))).toThrow(/not OpenPGP/);
  });
});

describe('recognise', () => {
  it('knows armored, cleartext and binary signatures and nothing else', () => {
    expect(recogniseOpenPgpSignature(bytes('-----BEGIN PGP SIGNATURE-----\n'))).toBe(true);
    expect(recogniseOpenPgpSignature(bytes('\uFEFF\n-----BEGIN PGP SIGNED MESSAGE-----\n'))).toBe(true);
    expect(
      recogniseOpenPgpSignature(bytes('Signed by the release team:\n\n-----BEGIN PGP SIGNATURE-----\n')),
    ).toBe(true);
    expect(recogniseOpenPgpSignature(bytes('text mentioning -----BEGIN PGP SIGNATURE----- inline\n'))).toBe(
      false,
    );
    expect(recogniseOpenPgpSignature(Uint8Array.from([0x88, 0x75, 4, 0]))).toBe(true);
    expect(recogniseOpenPgpSignature(Uint8Array.from([0xc2, 0x75, 4, 1]))).toBe(true);
    expect(recogniseOpenPgpSignature(Uint8Array.from([0xc2, 0x75, 4, 0x13]))).toBe(false);
    expect(recogniseOpenPgpSignature(Uint8Array.from([0x99, 0x01, 0x0d, 4]))).toBe(false);
    expect(recogniseOpenPgpSignature(bytes('untrusted comment: signify signature\n'))).toBe(false);
    const signifyEmbedded = 'untrusted comment: verify with k.pub\nRWQ...\n-----BEGIN PGP SIGNATURE-----\n';
    expect(recogniseOpenPgpSignature(bytes(signifyEmbedded))).toBe(false);
    expect(recogniseOpenPgpSignature(bytes('-----BEGIN SSH SIGNATURE-----\n'))).toBe(false);
    expect(recogniseOpenPgpSignature(bytes('-----BEGIN PGP PUBLIC KEY BLOCK-----\n'))).toBe(false);
    expect(recogniseOpenPgpSignature(new Uint8Array(0))).toBe(false);
  });
});

describe('cleartext', () => {
  const sig = armor('SIGNATURE', Uint8Array.from([1, 2, 3]));

  it('dash-unescapes, strips trailing blanks and joins the signed lines with CRLF', () => {
    const parts = parseCleartext(
      `-----BEGIN PGP SIGNED MESSAGE-----\r\nHash: SHA256, SHA512\r\n\r\n- -----BEGIN PGP SIGNATURE-----\r\nabc  \t\r\n- - x\r\n\r\n${sig}`,
    );
    expect(Buffer.from(parts.signedBytes).toString()).toBe('-----BEGIN PGP SIGNATURE-----\r\nabc\r\n- x\r\n');
    expect(Buffer.from(parts.text).toString()).toBe('-----BEGIN PGP SIGNATURE-----\nabc\n- x\n');
    expect(parts.declaredHashes).toEqual(['sha256', 'sha512']);
  });

  it('refuses unknown headers and hashes, and a message cut before its signature', () => {
    expect(() => parseCleartext(`-----BEGIN PGP SIGNED MESSAGE-----\nCharset: x\n\nhi\n${sig}`)).toThrow(
      /header/,
    );
    expect(() => parseCleartext(`-----BEGIN PGP SIGNED MESSAGE-----\nHash: WHIRL\n\nhi\n${sig}`)).toThrow(
      /hash/,
    );
    expect(() => parseCleartext('-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nhi\n')).toThrow(
      /cut short/,
    );
  });
});
