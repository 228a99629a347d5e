import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildMsi, MSI_MARKER } from '../helpers/authenticode-msi';
import { osslsign, osslverify } from '../helpers/authenticode-sign';
import { derOfPem, signetVerify } from '../helpers/authenticode-verdict';
import { tempDir } from '../helpers/temp-dir';
import { CA_EXTENSIONS, CODE_SIGNING_EXTENSIONS, type Issued, issue, selfSigned } from '../helpers/x509-ca';

/** Authenticode in MSI packages built by wixl and signed by osslsigncode; both must agree. */
let dir: string;
let root: Issued;
let intermediate: Issued;
let leaf: Issued;
let roots: Uint8Array[];
let unsigned: string;

beforeAll(async () => {
  dir = await tempDir('signet-authenticode-msi-');
  root = await selfSigned(dir, 'root', '/O=MSI Test CA/CN=MSI Test Root', { ca: true, key: 'ec' });
  intermediate = await issue(dir, 'int', '/O=MSI Test CA/CN=MSI Test Code Signing CA', root, CA_EXTENSIONS, {
    key: 'ec',
  });
  leaf = await issue(
    dir,
    'leaf',
    '/O=Package Maker Ltd/CN=Package Maker Ltd',
    intermediate,
    CODE_SIGNING_EXTENSIONS,
  );
  roots = [await derOfPem(root.cert)];
  unsigned = await buildMsi(dir, 'setup');
});

async function agree(file: string, expected: string) {
  const signet = await signetVerify(file, { roots });
  expect(signet.verdict, JSON.stringify(signet.answer)).toBe(expected);
  expect(await osslverify(file, root.cert), 'osslsigncode agrees').toBe(expected === 'verified');
  return signet;
}

async function sign(
  name: string,
  options: Parameters<typeof osslsign>[3] = {},
  signer = leaf,
): Promise<string> {
  const out = join(dir, `${name}.msi`);
  await osslsign(unsigned, out, signer, { chain: [intermediate.cert], ...options });
  return out;
}

async function withMarkerChanged(file: string, name: string): Promise<string> {
  const bytes = await readFile(file);
  const at = bytes.indexOf(Buffer.from(MSI_MARKER, 'latin1'));
  expect(at).toBeGreaterThan(0);
  bytes[at]! ^= 0x20;
  const out = join(dir, name);
  await writeFile(out, bytes);
  return out;
}

describe('Authenticode MSI', () => {
  it('verifies a signed package, naming the publisher', async () => {
    const { answer } = await agree(await sign('good'), 'verified');
    expect(answer.kind === 'checked' && answer.check.signerName).toBe('Package Maker Ltd');
    expect(answer.kind === 'checked' && answer.check.vouchedBy).toBe('MSI Test Code Signing CA');
  });

  it('verifies a package with MsiDigitalSignatureEx', async () => {
    await agree(await sign('good-ex', { msiEx: true }), 'verified');
  });

  it('says tampered when a byte of a stream changes, with or without the extended signature', async () => {
    await agree(await withMarkerChanged(await sign('to-change'), 'changed.msi'), 'tampered');
    await agree(
      await withMarkerChanged(await sign('to-change-ex', { msiEx: true }), 'changed-ex.msi'),
      'tampered',
    );
  });

  it('says no signature for an unsigned package and malformed for a damaged signature stream', async () => {
    await agree(unsigned, 'no-signature');
    const good = await readFile(await sign('to-damage'));
    // The signature stream starts with the PKCS#7 SEQUENCE and its signedData OID.
    const at = good.indexOf(Buffer.from('06092a864886f70d010702', 'hex'));
    expect(at).toBeGreaterThan(0);
    good.fill(0x41, at, at + 11);
    const damaged = join(dir, 'damaged.msi');
    await writeFile(damaged, good);
    await agree(damaged, 'malformed');
  });

  it('says unknown signer for an unknown root, and refuses SHA-1', async () => {
    const otherRoot = await selfSigned(dir, 'other', '/CN=Other Root', { ca: true, key: 'ec' });
    const otherLeaf = await issue(dir, 'other-leaf', '/O=Other', otherRoot, CODE_SIGNING_EXTENSIONS, {
      key: 'ec',
    });
    await agree(await sign('unknown-root', { chain: [] }, otherLeaf), 'unknown-signer');
    const sha1 = await sign('sha1', { hash: 'sha1' });
    expect(await osslverify(sha1, root.cert)).toBe(true);
    expect((await signetVerify(sha1, { roots })).verdict).toBe('malformed');
  });
});
