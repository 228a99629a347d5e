import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { systemCaRoots } from '../../electron/core/formats/authenticode/system-roots';
import { caCertificates, signtool } from '../helpers/authenticode-real';
import { osslverify } from '../helpers/authenticode-sign';
import { signetVerify } from '../helpers/authenticode-verdict';
import { tempDir } from '../helpers/temp-dir';

let dir: string;
let system: Uint8Array[];
let codeSigningCa: Uint8Array;
let timeStampingCa: Uint8Array;

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
