import { describe, expect, it } from 'vitest';
import { FormatError } from '../../electron/core/errors';
import { knownDerLength, parseDer } from '../../electron/core/formats/authenticode/der';
import { octetString, seq, smallInteger } from '../../electron/core/formats/authenticode/der-write';
import { readWinCertificates } from '../../electron/core/formats/authenticode/win-certificate';

/** One WIN_CERTIFICATE entry (revision 2, PKCS#7) holding `der`, padded with zeros to 8 bytes. */
function table(der: Uint8Array, trailing: Uint8Array = new Uint8Array(0)): Uint8Array {
  const body = new Uint8Array([...der, ...trailing]);
  const length = 8 + body.length;
  const out = new Uint8Array(Math.ceil(length / 8) * 8);
  const view = new DataView(out.buffer);
  view.setUint32(0, length, true);
  view.setUint16(4, 0x0200, true);
  view.setUint16(6, 0x0002, true);
  out.set(body, 8);
  return out;
}

describe('a signature checked whole is not parsed again to find its end', () => {
  it('knows only what parseDer accepted whole as canonical DER, and only its exact bytes', () => {
    const der = seq(smallInteger(3), octetString(new Uint8Array(40).fill(7)));
    const padded = new Uint8Array([...der, 0, 0, 0]);
    expect(knownDerLength(padded)).toBeUndefined();
    parseDer(der, 'test', { trailing: true });
    expect(knownDerLength(padded)).toBeUndefined();
    parseDer(der, 'test', { canonical: true });
    expect(knownDerLength(padded)).toBe(der.length);
    const changed = new Uint8Array(padded);
    changed[der.length - 1] = changed[der.length - 1]! ^ 1;
    expect(knownDerLength(changed)).toBeUndefined();
    expect(knownDerLength(der.subarray(0, der.length - 1))).toBeUndefined();
  });

  it('what parseDer refuses is not remembered', () => {
    const der = seq(smallInteger(5));
    const extra = new Uint8Array([...der, 0x05]);
    expect(() => parseDer(extra, 'test', { canonical: true })).toThrow(FormatError);
    expect(knownDerLength(extra)).toBeUndefined();
  });

  it('readWinCertificates gives the same signature, and the same refusal, either way', () => {
    const der = seq(smallInteger(1), octetString(new Uint8Array(21).fill(9)));
    const before = readWinCertificates(table(der));
    parseDer(der, 'test', { canonical: true });
    expect(readWinCertificates(table(der))).toEqual(before);
    expect(before[0]).toEqual(der);
    // Bytes hidden after a known signature are still refused.
    expect(() => readWinCertificates(table(der, new Uint8Array([0, 1])))).toThrow(/hidden after a signature/);
  });

  it('an entry read again (is it signed, then signing) gives the same end; other bytes are parsed afresh', () => {
    const der = seq(smallInteger(2), octetString(new Uint8Array(30).fill(5)));
    const first = readWinCertificates(table(der));
    expect(readWinCertificates(table(der))).toEqual(first);
    expect(first[0]).toEqual(der);
    // Same entry length, a shorter signature: what follows it is not padding and is refused.
    const shorter = seq(smallInteger(2));
    const filler = new Uint8Array(der.length - shorter.length).fill(0x41);
    expect(() => readWinCertificates(table(shorter, filler))).toThrow(/hidden after a signature/);
    const damaged = new Uint8Array(der);
    damaged[1] = 0x7f;
    expect(() => readWinCertificates(table(damaged))).toThrow(FormatError);
  });
});
