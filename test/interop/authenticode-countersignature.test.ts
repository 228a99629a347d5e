import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLegacyTsa } from '../helpers/authenticode-legacy-tsa';
import { osslsign, osslverify } from '../helpers/authenticode-sign';
import { derOfPem, signetVerify } from '../helpers/authenticode-verdict';
import { tinyPe } from '../helpers/pe-writer';
import { tempDir } from '../helpers/temp-dir';
import { CODE_SIGNING_EXTENSIONS, type Issued, issue, selfSigned, TSA_EXTENSIONS } from '../helpers/x509-ca';

/**
 * The older Authenticode timestamp: a PKCS#9 countersignature (1.2.840.113549.1.9.6) from a
 * time-stamping server that osslsigncode asks over HTTP (-t). The server here is local.
 */
const DAY = 86_400_000;
let dir: string;
let root: Issued;
let leaf: Issued;
let roots: Uint8Array[];
let tsaServer: Awaited<ReturnType<typeof startLegacyTsa>>;

beforeAll(async () => {
  dir = await tempDir('signet-authenticode-legacy-');
  root = await selfSigned(dir, 'root', '/O=Legacy Test/CN=Legacy Test Root', { ca: true });
  leaf = await issue(dir, 'leaf', '/O=Legacy Publisher/CN=Legacy Publisher', root, CODE_SIGNING_EXTENSIONS, {
    days: 30,
  });
  const tsa = await issue(dir, 'tsa', '/O=Legacy Test/CN=Legacy Time-Stamping', root, TSA_EXTENSIONS);
  tsaServer = await startLegacyTsa(dir, tsa, []);
  roots = [await derOfPem(root.cert)];
});

afterAll(() => tsaServer?.close());

describe('Authenticode legacy countersignature', () => {
  it('proves the signing time, so an expired certificate still verifies; without it, it does not', async () => {
    await writeFile(join(dir, 'in.exe'), tinyPe());
    const stamped = join(dir, 'stamped.exe');
    await osslsign(join(dir, 'in.exe'), stamped, leaf, { legacyTimestampUrl: tsaServer.url });
    const plain = join(dir, 'plain.exe');
    await osslsign(join(dir, 'in.exe'), plain, leaf);
    const later = new Date(Date.now() + 60 * DAY);

    const now = await signetVerify(stamped, { roots });
    expect(now.verdict).toBe('verified');
    expect(now.answer.kind === 'checked' && now.answer.check.signedAtSource).toBe('timestamp');
    expect(
      now.answer.kind === 'checked' && now.answer.check.details?.find((d) => d.label === 'Timestamp')?.value,
    ).toMatch(/^countersignature from Legacy Time-Stamping/);

    const stampedLater = await signetVerify(stamped, { roots, at: later });
    expect(stampedLater.verdict, JSON.stringify(stampedLater.answer)).toBe('verified');
    expect(await osslverify(stamped, root.cert, later)).toBe(true);

    const plainLater = await signetVerify(plain, { roots, at: later });
    expect(plainLater.verdict).toBe('unknown-signer');
    expect(await osslverify(plain, root.cert, later)).toBe(false);
  });
});
