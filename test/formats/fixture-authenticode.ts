import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { thumbprintOf } from '../../electron/core/formats/authenticode/publisher-entry';
import type { TrustEntry } from '../../electron/core/trust/trust-entry';
import { TINY_PE_CODE_OFFSET, tinyPe } from '../helpers/pe-writer';
import { CODE_SIGNING_EXTENSIONS } from '../helpers/x509-ca';

/**
 * A tiny Windows program signed at test time by osslsigncode with a fresh self-signed
 * code-signing certificate, pinned by thumbprint: the Authenticode fixture for the conformance
 * suite. The "signature" is the signed program itself (the module finds the table inside it).
 * Synchronous because fixtures are built when the suite is collected.
 */
export function authenticodeFixture() {
  const dir = mkdtempSync(join(tmpdir(), 'signet-ac-fixture-'));
  try {
    const key = join(dir, 'pub.key');
    const cert = join(dir, 'pub.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '30',
        '-subj',
        '/CN=Fixture Publisher Claim',
        ...CODE_SIGNING_EXTENSIONS.flatMap((e) => ['-addext', e]),
      ],
      { stdio: 'pipe' },
    );
    writeFileSync(join(dir, 'in.exe'), tinyPe());
    execFileSync(
      'osslsigncode',
      [
        'sign',
        '-certs',
        cert,
        '-key',
        key,
        '-h',
        'sha256',
        '-in',
        join(dir, 'in.exe'),
        '-out',
        join(dir, 'out.exe'),
      ],
      { stdio: 'pipe' },
    );
    const signed = new Uint8Array(readFileSync(join(dir, 'out.exe')));
    const thumbprint = thumbprintOf(new X509Certificate(readFileSync(cert)).raw);
    const trust: TrustEntry = {
      kind: 'x509',
      keyId: thumbprint,
      name: 'Fixture Publisher',
      thumbprintSha256: thumbprint,
      addedAt: new Date(0).toISOString(),
      source: 'user',
    };
    const flip = () => {
      const copy = new Uint8Array(signed);
      copy[TINY_PE_CODE_OFFSET] = (copy[TINY_PE_CODE_OFFSET] ?? 0) ^ 0x01;
      return copy;
    };
    return {
      name: 'authenticode pe (pinned self-signed)',
      signature: signed,
      content: signed,
      trust,
      // The signature lives in the file: a changed byte of code is in both.
      flipped: () => {
        const changed = flip();
        return { signature: changed, content: changed };
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
