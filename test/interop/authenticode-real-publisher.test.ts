import { X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as pkijs from 'pkijs';
import { beforeAll, describe, expect, it } from 'vitest';
import { systemCaRoots } from '../../electron/core/formats/authenticode/system-roots';
import { osslverify } from '../helpers/authenticode-sign';
import { signetVerify } from '../helpers/authenticode-verdict';
import { tempDir } from '../helpers/temp-dir';

/**
 * A real signature from a real publisher: the signtool.exe that @electron/windows-sign ships,
 * signed by Microsoft with an RFC 3161 timestamp. Its root is not in Debian's store, so the
 * anchors for the "trusted" case are the intermediates taken from the file's own PKCS#7 here.
 */
const require_ = createRequire(import.meta.url);
const signtool = (() => {
  try {
    return join(dirname(require_.resolve('@electron/windows-sign/package.json')), 'vendor', 'signtool.exe');
  } catch {
    return '';
  }
})();

let dir: string;
let system: Uint8Array[];
let codeSigningCa: Uint8Array;
let timeStampingCa: Uint8Array;

/** The CA certificates in a PKCS#7 SignedData and in its RFC 3161 token, read with pkijs. */
function caCertificates(file: Buffer): X509Certificate[] {
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

describe.skipIf(!signtool || !existsSync(signtool))('Authenticode: Microsoft-signed signtool.exe', () => {
  beforeAll(async () => {
    dir = await tempDir('signet-authenticode-real-');
    system = await systemCaRoots();
    const cas = caCertificates(await readFile(signtool));
    const named = (pattern: RegExp) => {
      const found = cas.find((c) => pattern.test(c.subject));
      if (!found) throw new Error(`no ${pattern} in ${cas.map((c) => c.subject).join(' | ')}`);
      return new Uint8Array(found.raw);
    };
    codeSigningCa = named(/CN=Microsoft .*Code Signing PCA/);
    timeStampingCa = named(/CN=Microsoft Time-Stamp PCA/);
  });

  it('without extra roots: unknown signer, naming the missing Microsoft root', async () => {
    const { verdict, answer } = await signetVerify(signtool, { roots: system });
    expect(verdict).toBe('unknown-signer');
    expect(answer.kind === 'checked' && answer.check.reason).toMatch(
      /Microsoft Root Certificate Authority 2010.*not a root you trust/,
    );
    expect(await osslverify(signtool, '/etc/ssl/certs/ca-certificates.crt')).toBe(false);
  });

  it('with the file’s own intermediates as anchors: verified, Microsoft Corporation, time from the timestamp', async () => {
    const { verdict, answer } = await signetVerify(signtool, {
      roots: [...system, codeSigningCa, timeStampingCa],
    });
    expect(verdict, JSON.stringify(answer)).toBe('verified');
    if (answer.kind !== 'checked') throw new Error('not checked');
    expect(answer.check.signerName).toBe('Microsoft Corporation');
    expect(answer.check.vouchedBy).toMatch(/^Microsoft .*Code Signing PCA/);
    expect(answer.check.signedAtSource).toBe('timestamp');
    // The publisher's certificate expired long ago; only the timestamp makes this verifiable.
    const leafExpiry = (answer.check.details ?? []).find((d) => d.label === 'Timestamp')?.value;
    expect(leafExpiry).toMatch(/^RFC 3161 from Microsoft Time-Stamp Service/);
  });

  it('with the code-signing anchor but not the time-stamping one: the expired certificate is not enough', async () => {
    const { verdict, answer } = await signetVerify(signtool, { roots: [...system, codeSigningCa] });
    expect(verdict).toBe('unknown-signer');
    expect(answer.kind === 'checked' && answer.check.rule).toBe('expired');
  });

  it('one byte of code changed: tampered, whatever the anchors', async () => {
    const bytes = await readFile(signtool);
    bytes[0x1400]! ^= 1; // inside .text
    const changed = join(dir, 'signtool-changed.exe');
    await writeFile(changed, bytes);
    for (const roots of [system, [...system, codeSigningCa, timeStampingCa]]) {
      expect((await signetVerify(changed, { roots })).verdict).toBe('tampered');
    }
    expect(await osslverify(changed, '/etc/ssl/certs/ca-certificates.crt')).toBe(false);
  });
});
