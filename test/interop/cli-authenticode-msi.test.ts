import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildMsi, MSI_MARKER } from '../helpers/authenticode-msi';
import { caCertificates, signtool } from '../helpers/authenticode-real';
import { osslsign, osslverify } from '../helpers/authenticode-sign';
import { signet } from '../helpers/run';
import { tempDir } from '../helpers/temp-dir';
import { CA_EXTENSIONS, CODE_SIGNING_EXTENSIONS, type Issued, issue, selfSigned } from '../helpers/x509-ca';

// `signet verify` on installer packages (wixl-built MSI signed by osslsigncode) and on a real
// Microsoft-signed program, end to end through dist/cli/signet.mjs.

let dir: string;
let configDir: string;
const path = (name: string) => join(dir, name);

async function verifyJson(args: string[]) {
  const r = await signet(['verify', ...args, '--json'], configDir);
  expect(r.stderr).toBe('');
  return { status: r.status, json: JSON.parse(r.stdout) };
}

beforeAll(async () => {
  dir = await tempDir('signet-cli-authenticode-msi-');
  configDir = path('config');
  await mkdir(configDir);
});

describe('signet verify on a signed MSI package', () => {
  let root: Issued;
  let leaf: Issued;
  let intermediate: Issued;
  let unsigned: string;

  beforeAll(async () => {
    root = await selfSigned(dir, 'root', '/CN=Signet MSI Root', { ca: true, key: 'ec' });
    intermediate = await issue(dir, 'int', '/CN=Signet MSI Issuing CA', root, CA_EXTENSIONS, { key: 'ec' });
    leaf = await issue(dir, 'leaf', '/O=Acme Installers/CN=Acme', intermediate, CODE_SIGNING_EXTENSIONS, {
      key: 'ec',
    });
    unsigned = await buildMsi(dir, 'package');
  }, 60_000);

  it('is verified with --ca-roots, tampered when the package changes, no-signature unsigned', async () => {
    const good = path('good.msi');
    await osslsign(unsigned, good, leaf, { chain: [intermediate.cert] });
    expect(await osslverify(good, root.cert)).toBe(true);
    const verified = await verifyJson([good, '--ca-roots', root.cert]);
    expect(verified.status).toBe(0);
    expect(verified.json).toMatchObject({
      verdict: 'verified',
      format: 'authenticode-msi',
      signerName: 'Acme Installers',
      vouchedBy: 'Signet MSI Issuing CA',
    });

    const bytes = await readFile(good);
    const at = bytes.indexOf(Buffer.from(MSI_MARKER, 'latin1'));
    expect(at).toBeGreaterThan(0);
    bytes[at] = (bytes[at] ?? 0) ^ 0x20;
    await writeFile(path('changed.msi'), bytes);
    expect(await osslverify(path('changed.msi'), root.cert)).toBe(false);
    const changed = await verifyJson([path('changed.msi'), '--ca-roots', root.cert]);
    expect(changed.status).toBe(1);
    expect(changed.json.verdict).toBe('tampered');

    const plain = await verifyJson([unsigned]);
    expect(plain.status).toBe(1);
    expect(plain.json.verdict).toBe('no-signature');
  });

  it('a package far past the embedded read budget is read by ranges: verified, and tampered as osslsigncode says', async () => {
    // Real installers are tens of MiB: the cabinet stream here is ~40 MiB of random bytes.
    const big = await buildMsi(dir, 'big', randomBytes(40 * 1024 * 1024));
    for (const msiEx of [false, true]) {
      const good = path(`big-${msiEx}.msi`);
      await osslsign(big, good, leaf, { chain: [intermediate.cert], msiEx });
      expect(await osslverify(good, root.cert)).toBe(true);
      const verified = await verifyJson([good, '--ca-roots', root.cert]);
      expect(verified.json).toMatchObject({ verdict: 'verified', signerName: 'Acme Installers' });
      expect(verified.status).toBe(0);

      const bytes = await readFile(good);
      const at = Math.floor(bytes.length / 2);
      bytes[at] = (bytes[at] ?? 0) ^ 0x01;
      await writeFile(path('big-changed.msi'), bytes);
      const theirs = await osslverify(path('big-changed.msi'), root.cert);
      const changed = await verifyJson([path('big-changed.msi'), '--ca-roots', root.cert]);
      expect(changed.json.verdict).toBe(theirs ? 'verified' : 'tampered');
      // The middle of the package is inside its cabinet: the change is one a signature covers.
      expect(theirs).toBe(false);
    }
  }, 120_000);
});

describe.skipIf(!signtool || !existsSync(signtool))('signet verify on Microsoft-signed signtool.exe', () => {
  let anchor: string;

  beforeAll(async () => {
    // The file's own intermediates (code signing and time-stamping) as anchors.
    const cas = caCertificates(await readFile(signtool)).filter((c) => /PCA/.test(c.subject));
    expect(cas.length).toBeGreaterThan(1);
    anchor = path('microsoft-ca.pem');
    await writeFile(anchor, cas.map((c) => c.toString()).join(''));
  });

  it('is unknown-signer naming the missing Microsoft root, verified with its intermediate as anchor', async () => {
    const unknown = await verifyJson([signtool]);
    expect(unknown.status).toBe(1);
    expect(unknown.json.verdict).toBe('unknown-signer');
    expect(unknown.json.reason).toContain('Microsoft Root Certificate Authority');
    const verified = await verifyJson([signtool, '--ca-roots', anchor]);
    expect(verified.status).toBe(0);
    expect(verified.json).toMatchObject({
      verdict: 'verified',
      signerName: 'Microsoft Corporation',
      signedAtSource: 'timestamp',
    });
  });

  it('is tampered with one byte of code changed, with or without the anchor', async () => {
    const bytes = await readFile(signtool);
    bytes[0x1000] = (bytes[0x1000] ?? 0) ^ 0x01;
    await writeFile(path('signtool-changed.exe'), bytes);
    for (const args of [[], ['--ca-roots', anchor]]) {
      const { status, json } = await verifyJson([path('signtool-changed.exe'), ...args]);
      expect(json.verdict).toBe('tampered');
      expect(status).toBe(1);
    }
  });
});
