import { X509Certificate } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { osslsign, osslverify } from '../helpers/authenticode-sign';
import { minisignKeyPair } from '../helpers/minisign-keys';
import { TINY_PE_CODE_OFFSET, tinyPe } from '../helpers/pe-writer';
import { run, signet } from '../helpers/run';
import { tempDir } from '../helpers/temp-dir';
import { CA_EXTENSIONS, CODE_SIGNING_EXTENSIONS, type Issued, issue, selfSigned } from '../helpers/x509-ca';

// `signet verify setup.exe` end to end through dist/cli/signet.mjs: the signature is found inside
// the file, roots come from --ca-roots or the managed list, publishers are pinned with
// `trust add --publisher-cert`, and osslsigncode (the oracle) agrees on each file.

let dir: string;
let root: Issued;
let intermediate: Issued;
let leaf: Issued;
let unsigned: string;
const path = (name: string) => join(dir, name);
const thumbprint = async (cert: string) =>
  new X509Certificate(await readFile(cert)).fingerprint256.replace(/:/g, '').toLowerCase();

async function config(name: string, managed?: unknown): Promise<string> {
  const folder = path(`config-${name}`);
  await mkdir(folder);
  if (managed) await writeFile(join(folder, 'managed-trust.json'), JSON.stringify(managed));
  return folder;
}

async function signed(name: string, signer = leaf, chain = [intermediate.cert]): Promise<string> {
  const out = path(`${name}.exe`);
  await osslsign(unsigned, out, signer, { chain });
  return out;
}

async function changed(file: string, name: string, at: number): Promise<string> {
  const bytes = await readFile(file);
  bytes[at] = (bytes[at] ?? 0) ^ 0x01;
  const out = path(name);
  await writeFile(out, bytes);
  return out;
}

async function verifyJson(args: string[], configDir: string) {
  const r = await signet(['verify', ...args, '--json'], configDir);
  expect(r.stderr).toBe('');
  return { status: r.status, json: JSON.parse(r.stdout) };
}

beforeAll(async () => {
  dir = await tempDir('signet-cli-authenticode-');
  root = await selfSigned(dir, 'root', '/CN=Signet Test Root CA', { ca: true, key: 'ec' });
  intermediate = await issue(dir, 'int', '/O=Signet Test/CN=Signet Test Issuing CA', root, CA_EXTENSIONS, {
    key: 'ec',
  });
  leaf = await issue(
    dir,
    'leaf',
    '/O=Acme Software/CN=Acme Code Signing',
    intermediate,
    CODE_SIGNING_EXTENSIONS,
    {
      key: 'ec',
    },
  );
  unsigned = path('unsigned.exe');
  await writeFile(unsigned, tinyPe({ overlay: 300 }));
}, 60_000);

describe('signet verify on a signed Windows program', () => {
  it('is verified with --ca-roots, naming the publisher and who confirmed it, as osslsigncode agrees', async () => {
    const file = await signed('good');
    expect(await osslverify(file, root.cert)).toBe(true);
    const configDir = await config('good');
    const { status, json } = await verifyJson([file, '--ca-roots', root.cert], configDir);
    expect(status).toBe(0);
    expect(json).toMatchObject({
      verdict: 'verified',
      format: 'authenticode-pe',
      signerName: 'Acme Software',
      vouchedBy: 'Signet Test Issuing CA',
      issuerChain: ['Acme Code Signing', 'Signet Test Issuing CA', 'Signet Test Root CA'],
      keyId: await thumbprint(leaf.cert),
      signedAtSource: 'signer',
    });
    expect(Number.isNaN(Date.parse(json.signedAt))).toBe(false);
    const text = await signet(['verify', file, '--ca-roots', root.cert], configDir);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('Verified: made by Acme Software');
    expect(text.stdout).toMatch(/Confirmed by\s+Signet Test Issuing CA/);
  });

  it('is tampered when one byte of code, of the header or after the table changes', async () => {
    const file = await signed('to-change');
    const configDir = await config('tampered');
    const coffTimeStamp = (await readFile(file)).readUInt32LE(0x3c) + 8;
    for (const [name, at] of [
      ['code.exe', TINY_PE_CODE_OFFSET + 7],
      ['header.exe', coffTimeStamp],
    ] as const) {
      const copy = await changed(file, name, at);
      expect(await osslverify(copy, root.cert), name).toBe(false);
      const { status, json } = await verifyJson([copy, '--ca-roots', root.cert], configDir);
      expect(json.verdict, name).toBe('tampered');
      expect(status).toBe(1);
      expect(json.signerName).toBeUndefined();
    }
    const appended = path('appended.exe');
    await writeFile(appended, Buffer.concat([await readFile(file), Buffer.alloc(8, 0x41)]));
    expect(await osslverify(appended, root.cert)).toBe(false);
    const { json } = await verifyJson([appended, '--ca-roots', root.cert], configDir);
    expect(json.verdict).toBe('tampered');
  });

  it('is unknown-signer naming the root when no root it trusts is given', async () => {
    const file = await signed('unknown-root');
    const { status, json } = await verifyJson([file], await config('unknown'));
    expect(status).toBe(1);
    expect(json.verdict).toBe('unknown-signer');
    expect(json.reason).toContain('Signet Test Root CA');
    expect(json.signerName).toBeUndefined();
  });

  it('is malformed (exit 2) when the signature cannot be read', async () => {
    const good = await readFile(await signed('to-damage'));
    const at = good.indexOf(Buffer.from('06092a864886f70d010702', 'hex'));
    expect(at).toBeGreaterThan(0);
    good.fill(0x41, at, at + 11);
    await writeFile(path('damaged.exe'), good);
    const { status, json } = await verifyJson(
      [path('damaged.exe'), '--ca-roots', root.cert],
      await config('bad'),
    );
    expect(json.verdict).toBe('malformed');
    expect(status).toBe(2);
    expect(json.reason.split('\n')).toHaveLength(1);
  });

  it('says no-signature for an unsigned program, then finds a signature beside it', async () => {
    const configDir = await config('unsigned');
    const plain = path('plain.exe');
    await writeFile(plain, await readFile(unsigned));
    const before = await verifyJson([plain], configDir);
    expect(before.status).toBe(1);
    expect(before.json.verdict).toBe('no-signature');
    const key = await minisignKeyPair(dir, 'beside');
    const made = await run('minisign', ['-S', '-W', '-s', key.sec, '-m', plain]);
    expect(made.status, made.stderr).toBe(0);
    const after = await verifyJson([plain, '--pubkey', key.pub], configDir);
    expect(after.status).toBe(0);
    expect(after.json).toMatchObject({ verdict: 'verified', format: 'minisign' });
  });

  it('rejects a --ca-roots file with no certificate in it (exit 2)', async () => {
    await writeFile(path('empty.pem'), 'nothing here\n');
    const r = await signet(['verify', unsigned, '--ca-roots', path('empty.pem')], await config('noroots'));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('no PEM certificate');
  });
});

describe('publishers in the trust list', () => {
  it('a self-signed publisher is unknown-signer until pinned with trust add --publisher-cert', async () => {
    const self = await selfSigned(dir, 'self', '/CN=Build Server Claim', {
      extensions: CODE_SIGNING_EXTENSIONS,
      key: 'ec',
    });
    const file = await signed('self-signed', self, []);
    const configDir = await config('pinned');
    const before = await verifyJson([file], configDir);
    expect(before.json.verdict).toBe('unknown-signer');
    expect(before.json.reason).toMatch(/self-signed/);
    const added = await signet(
      ['trust', 'add', '--publisher-cert', self.cert, '--name', 'Our build server'],
      configDir,
    );
    expect(added.status, added.stderr).toBe(0);
    const listed = await signet(['trust', 'list', '--json'], configDir);
    expect(JSON.parse(listed.stdout).signers).toMatchObject([
      { kind: 'x509', name: 'Our build server', thumbprintSha256: await thumbprint(self.cert) },
    ]);
    const after = await verifyJson([file], configDir);
    expect(after.status).toBe(0);
    expect(after.json).toMatchObject({
      verdict: 'verified',
      signerName: 'Our build server',
      vouchedBy: 'Your trust list',
    });
    const again = await signet(['trust', 'add', '--publisher-cert', self.cert, '--name', 'Twice'], configDir);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('already trusted');
  });

  it('trust add refuses both a key file and --publisher-cert, and a file that is no certificate', async () => {
    const configDir = await config('refuse');
    const both = await signet(
      ['trust', 'add', leaf.cert, '--publisher-cert', leaf.cert, '--name', 'X'],
      configDir,
    );
    expect(both.status).toBe(2);
    await writeFile(path('junk.pem'), 'junk');
    const junk = await signet(
      ['trust', 'add', '--publisher-cert', path('junk.pem'), '--name', 'X'],
      configDir,
    );
    expect(junk.status).toBe(2);
    expect(junk.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a managed list adds roots, and when it says only listed publishers count, others are unknown', async () => {
    const file = await signed('managed');
    const rootPem = await readFile(root.cert, 'utf8');
    const rooted = await verifyJson(
      [file],
      await config('managed-roots', { version: 2, signers: [], caRoots: [rootPem] }),
    );
    expect(rooted.json).toMatchObject({ verdict: 'verified', signerName: 'Acme Software' });

    const onlyListed = { version: 2, signers: [], caRoots: [rootPem], onlyListedSigners: true };
    const refused = await verifyJson([file], await config('managed-only', onlyListed));
    expect(refused.status).toBe(1);
    expect(refused.json.verdict).toBe('unknown-signer');

    const print = await thumbprint(leaf.cert);
    const entry = {
      kind: 'x509',
      keyId: print,
      name: 'Acme (approved)',
      thumbprintSha256: print,
      addedAt: '2026-01-01T00:00:00Z',
    };
    const listed = await verifyJson(
      [file],
      await config('managed-listed', { ...onlyListed, signers: [entry] }),
    );
    expect(listed.status).toBe(0);
    expect(listed.json).toMatchObject({
      verdict: 'verified',
      signerName: 'Acme (approved)',
      signerManaged: true,
    });
  });
});
