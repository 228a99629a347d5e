import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Bundle } from '@sigstore/bundle';
import { beforeAll, describe, expect, it } from 'vitest';
import { certificateIsForCodeSigning } from '../../electron/core/formats/sigstore/certificate-purpose';
import { tempDir } from '../helpers/temp-dir';

let dir: string;

/** openssl makes a self-signed P-256 certificate with the given extensions, as DER. */
function opensslCertificate(name: string, extensions: string[]): Buffer {
  const out = path.join(dir, `${name}.der`);
  const args = [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    path.join(dir, `${name}.key`),
    '-subj',
    `/CN=${name}`,
    '-days',
    '1',
    '-outform',
    'DER',
    '-out',
    out,
  ];
  for (const ext of extensions) args.push('-addext', ext);
  const result = spawnSync('/usr/bin/openssl', args, { cwd: dir });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(result.stderr.toString());
  return readFileSync(out);
}

function bundleWith(certificate: Buffer): Bundle {
  return {
    verificationMaterial: { content: { $case: 'certificate', certificate: { rawBytes: certificate } } },
  } as unknown as Bundle;
}

beforeAll(async () => {
  dir = await tempDir('signet-sigstore-purpose-');
});

describe('a signing certificate must be for code signing', () => {
  it('digital signature and code signing: accepted', () => {
    const der = opensslCertificate('codesign', [
      'keyUsage=critical,digitalSignature',
      'extendedKeyUsage=codeSigning',
    ]);
    expect(certificateIsForCodeSigning(bundleWith(der))).toBe(true);
  });

  it.each([
    ['server authentication only', ['keyUsage=critical,digitalSignature', 'extendedKeyUsage=serverAuth']],
    ['no extended key usage', ['keyUsage=critical,digitalSignature']],
    [
      'code signing without digital signature',
      ['keyUsage=critical,keyEncipherment', 'extendedKeyUsage=codeSigning'],
    ],
  ])('%s: refused', (_what, extensions) => {
    const der = opensslCertificate(_what.replace(/\W+/g, '-'), extensions);
    expect(certificateIsForCodeSigning(bundleWith(der))).toBe(false);
  });

  it('an unreadable certificate is refused, a managed key has none to check', () => {
    expect(certificateIsForCodeSigning(bundleWith(Buffer.from('not a certificate')))).toBe(false);
    const managed = {
      verificationMaterial: { content: { $case: 'publicKey', publicKey: { hint: '' } } },
    } as unknown as Bundle;
    expect(certificateIsForCodeSigning(managed)).toBe(true);
  });
});
