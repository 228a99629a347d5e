import { describe, expect, it } from 'vitest';
import { FormatError } from '../../electron/core/errors';
import { authenticodeModule } from '../../electron/core/formats/authenticode/module';
import { readWinCertificates } from '../../electron/core/formats/authenticode/win-certificate';
import { standardPolicy } from '../../electron/core/policy/verify-policy';
import { tinyPe } from '../helpers/pe-writer';

/** One WIN_CERTIFICATE entry around `der`, padded to 8 bytes with `pad`. */
function entry(der: number[], pad = 0, revision = 0x0200, type = 0x0002): Buffer {
  const length = 8 + der.length;
  const out = Buffer.alloc(Math.ceil(length / 8) * 8, pad);
  out.writeUInt32LE(length, 0);
  out.writeUInt16LE(revision, 4);
  out.writeUInt16LE(type, 6);
  Buffer.from(der).copy(out, 8);
  return out;
}

const TINY_DER = [0x30, 0x03, 0x02, 0x01, 0x01]; // SEQUENCE { INTEGER 1 }

describe('Authenticode module surface', () => {
  it('recognises PE and OLE heads, and nothing else', () => {
    expect(authenticodeModule.recognise(tinyPe())).toBe(true);
    expect(authenticodeModule.recognise(Buffer.from('d0cf11e0a1b11ae1', 'hex'))).toBe(true);
    expect(authenticodeModule.recognise(Buffer.from('MZ but nothing else'))).toBe(false);
    expect(authenticodeModule.recognise(Buffer.from('untrusted comment: minisign'))).toBe(false);
    expect(authenticodeModule.recognise(new Uint8Array(0))).toBe(false);
    expect(authenticodeModule.placement).toBe('embedded');
    expect(authenticodeModule.accepts).toEqual(['x509']);
  });

  it('reads WIN_CERTIFICATE entries on 8-byte boundaries, zero padding only', () => {
    expect(readWinCertificates(Buffer.concat([entry(TINY_DER), entry(TINY_DER)]))).toHaveLength(2);
    expect(() => readWinCertificates(entry(TINY_DER, 0x41))).toThrow(/hidden after a signature/);
    expect(() => readWinCertificates(entry(TINY_DER, 0, 0x0300))).toThrow(/unknown revision/);
    expect(() => readWinCertificates(entry(TINY_DER, 0, 0x0200, 0x0001))).toThrow(
      /no Authenticode signature/,
    );
    expect(() => readWinCertificates(Buffer.concat([entry(TINY_DER), Buffer.from([1, 2, 3])]))).toThrow(
      /stray bytes/,
    );
    expect(readWinCertificates(Buffer.concat([entry(TINY_DER), Buffer.alloc(3)]))).toHaveLength(1);
  });

  it('parse() turns a table it cannot read into a FormatError, never another error', () => {
    for (const bytes of [
      Buffer.alloc(0),
      entry(TINY_DER),
      entry([0x30, 0x80, 0x00, 0x00]),
      Buffer.from('d0cf11e0a1b11ae1', 'hex'),
    ]) {
      expect(() => authenticodeModule.parse(bytes)).toThrow(FormatError);
    }
  });

  it('precheck refuses signatures that name only hashes the policy refuses', () => {
    const sig = { signatures: [{ imageDigestAlgorithm: 'sha1' }, { imageDigestAlgorithm: 'md5' }] } as never;
    const refused = authenticodeModule.precheck!(sig, standardPolicy());
    expect(refused).toMatchObject({ ok: false, rule: 'weak-hash' });
    const dual = {
      signatures: [{ imageDigestAlgorithm: 'sha1' }, { imageDigestAlgorithm: 'sha256' }],
    } as never;
    expect(authenticodeModule.precheck!(dual, standardPolicy())).toEqual({ ok: true });
  });
});
