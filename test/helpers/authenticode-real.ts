import { X509Certificate } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as pkijs from 'pkijs';

/**
 * A real signature from a real publisher: the signtool.exe that @electron/windows-sign ships,
 * signed by Microsoft with an RFC 3161 timestamp. Its root is not in Debian's store, so the
 * anchors for the "trusted" case are the intermediates taken from the file's own PKCS#7 here.
 */
const require_ = createRequire(import.meta.url);
export const signtool = (() => {
  try {
    return join(dirname(require_.resolve('@electron/windows-sign/package.json')), 'vendor', 'signtool.exe');
  } catch {
    return '';
  }
})();

/** The CA certificates in a PKCS#7 SignedData and in its RFC 3161 token, read with pkijs. */
export function caCertificates(file: Buffer): X509Certificate[] {
  const opt = file.readUInt32LE(0x3c) + 24;
  const dirs = file.readUInt16LE(opt) === 0x20b ? 112 : 96;
  const offset = file.readUInt32LE(opt + dirs + 32);
  const size = file.readUInt32LE(opt + dirs + 36);
  const der = file.subarray(offset + 8, offset + size);
  const certsOf = (bytes: Uint8Array): X509Certificate[] => {
    const info = pkijs.ContentInfo.fromBER(new Uint8Array(bytes));
    const data = new pkijs.SignedData({ schema: info.content });
    const own = (data.certificates ?? [])
      .filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate)
      .map((c) => new X509Certificate(Buffer.from(c.toSchema().toBER())));
    const token = data.signerInfos[0]?.unsignedAttrs?.attributes.find(
      (a) => a.type === '1.3.6.1.4.1.311.3.3.1',
    );
    const nested = token ? certsOf(new Uint8Array(token.values[0].valueBeforeDecodeView)) : [];
    return [...own, ...nested];
  };
  // The DER ends before the 8-byte alignment padding; asn1js stops at its end by itself.
  return certsOf(der).filter((c) => c.ca);
}
