import { createPrivateKey, sign as nodeSign, randomBytes, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { OID } from '../../electron/core/formats/authenticode/oids';
import { readAuthenticode } from '../../electron/core/formats/authenticode/signed-data';
import {
  buildAuthenticodeSignature,
  withUnsignedAttribute,
} from '../../electron/core/formats/authenticode/signed-data-builder';
import { tempDir } from '../helpers/temp-dir';
import { CODE_SIGNING_EXTENSIONS, selfSigned } from '../helpers/x509-ca';

describe('a built signature with an unsigned attribute', () => {
  it('is byte for byte what adding the attribute to its DER gives, and reads back with the token', async () => {
    const dir = await tempDir('signet-built-unsigned-');
    const leaf = await selfSigned(dir, 'leaf', '/CN=Built Unsigned Test', {
      key: 'ec',
      extensions: CODE_SIGNING_EXTENSIONS,
    });
    const leafKey = createPrivateKey(await readFile(leaf.key));
    const key = {
      chain: [new Uint8Array(new X509Certificate(await readFile(leaf.cert)).raw)],
      algorithm: 'ecdsa' as const,
      sign: async (data: Uint8Array) => new Uint8Array(nodeSign('sha256', data, leafKey)),
      close: async () => {},
    };
    for (const subject of ['pe', 'msi'] as const) {
      const built = await buildAuthenticodeSignature(key, subject, randomBytes(32), {
        programName: 'Tool',
        url: 'https://example.test/',
      });
      // Any DER value stands in for a token here: a SEQUENCE holding 290 octets (long-form lengths).
      const token = new Uint8Array([0x30, 0x82, 0x01, 0x26, 0x04, 0x82, 0x01, 0x22, ...randomBytes(290)]);
      const assembled = built.withUnsignedAttribute(OID.rfc3161Timestamp, token);
      expect(Buffer.from(assembled)).toEqual(
        Buffer.from(withUnsignedAttribute(built.der, OID.rfc3161Timestamp, token)),
      );
      expect(assembled.length).toBeGreaterThan(built.der.length + token.length);
      // The signed parts are the built ones: the same signer as before the attribute was added.
      const [before] = readAuthenticode(built.der);
      const [after] = readAuthenticode(assembled);
      expect(after?.subject).toBe(subject);
      expect(after?.imageDigest).toEqual(before?.imageDigest);
      expect(after?.signer.unsignedAttrs?.attributes.map((a) => a.type)).toEqual([OID.rfc3161Timestamp]);
    }
  }, 20_000);
});
