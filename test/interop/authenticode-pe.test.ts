import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { thumbprintOf } from '../../electron/core/formats/authenticode/publisher-entry';
import { osslsign, osslverify, sbverify } from '../helpers/authenticode-sign';
import { derOfPem, signetVerify } from '../helpers/authenticode-verdict';
import { TINY_PE_CODE_OFFSET, tinyPe } from '../helpers/pe-writer';
import { tempDir } from '../helpers/temp-dir';
import {
  CA_EXTENSIONS,
  CODE_SIGNING_EXTENSIONS,
  type Issued,
  issue,
  selfSigned,
  TSA_EXTENSIONS,
} from '../helpers/x509-ca';

/**
 * Authenticode on PE files, both ways against the real tools: osslsigncode signs, Signet and
 * osslsigncode verify (sbverify too where it applies), and they must agree. Keys, certificates and
 * programs are all made here, at test time.
 */
let dir: string;
let root: Issued;
let intermediate: Issued;
let leaf: Issued;
let roots: Uint8Array[];
let rootsFile: string;
const DAY = 86_400_000;

async function signed(
  name: string,
  signer: Issued,
  options: Parameters<typeof osslsign>[3] = {},
  pe = tinyPe(),
) {
  const unsigned = join(dir, `${name}.unsigned.exe`);
  const out = join(dir, `${name}.exe`);
  await writeFile(unsigned, pe);
  await osslsign(unsigned, out, signer, { chain: [intermediate.cert], ...options });
  return out;
}

async function changed(
  source: string,
  name: string,
  edit: (bytes: Buffer) => Buffer | undefined,
): Promise<string> {
  const bytes = await readFile(source);
  const out = join(dir, name);
  await writeFile(out, edit(bytes) ?? bytes);
  return out;
}

/** Where the PKCS#7 DER of the first WIN_CERTIFICATE ends (the table starts with its 8-byte header). */
function tableOf(bytes: Buffer): { offset: number; size: number; derEnd: number } {
  const opt = bytes.readUInt32LE(0x3c) + 24;
  const dirs = bytes.readUInt16LE(opt) === 0x20b ? 112 : 96;
  const offset = bytes.readUInt32LE(opt + dirs + 32);
  const size = bytes.readUInt32LE(opt + dirs + 36);
  expect(bytes[offset + 8]).toBe(0x30);
  expect(bytes[offset + 9]).toBe(0x82);
  return { offset, size, derEnd: offset + 8 + 4 + bytes.readUInt16BE(offset + 10) };
}

beforeAll(async () => {
  dir = await tempDir('signet-authenticode-');
  root = await selfSigned(dir, 'root', '/O=Signet Test CA/CN=Signet Test Root CA', { ca: true });
  intermediate = await issue(
    dir,
    'intermediate',
    '/O=Signet Test CA/CN=Signet Test Code Signing CA',
    root,
    CA_EXTENSIONS,
    { key: 'ec' },
  );
  leaf = await issue(
    dir,
    'leaf',
    '/C=GB/O=Example Publisher Ltd/CN=Example Publisher Ltd',
    intermediate,
    CODE_SIGNING_EXTENSIONS,
  );
  roots = [await derOfPem(root.cert)];
  rootsFile = root.cert;
});

async function agree(file: string, expected: string, options: { at?: Date } = {}) {
  const signet = await signetVerify(file, { roots, at: options.at });
  const oss = await osslverify(file, rootsFile, options.at);
  expect(signet.verdict, JSON.stringify(signet.answer)).toBe(expected);
  expect(oss, 'osslsigncode agrees').toBe(expected === 'verified');
  return signet;
}

describe('Authenticode PE, signed by osslsigncode', () => {
  it('verifies a good signature, naming the publisher and the CA that vouched for it', async () => {
    const file = await signed('good', leaf, { programName: 'Totally Official Installer' });
    const { answer } = await agree(file, 'verified');
    expect(await sbverify(file, leaf.cert)).toBe(true);
    if (answer.kind !== 'checked') throw new Error('not checked');
    expect(answer.check.signerName).toBe('Example Publisher Ltd');
    expect(answer.check.vouchedBy).toBe('Signet Test Code Signing CA');
    expect(answer.check.keyId).toBe(thumbprintOf(await derOfPem(leaf.cert)));
    const details = Object.fromEntries((answer.check.details ?? []).map((d) => [d.label, d.value]));
    expect(details['Program name (the publisher’s own claim)']).toBe('Totally Official Installer');
    expect(details['Certificate chain']).toBe(
      'Example Publisher Ltd ← Signet Test Code Signing CA ← Signet Test Root CA',
    );
    expect(details.Revocation).toMatch(/not checked/i);
  });

  it('verifies a PE32 file with data after its last section', async () => {
    await agree(await signed('pe32', leaf, {}, tinyPe({ format: 'PE32', overlay: 1001 })), 'verified');
  });

  it('ignores the checksum field, as the digest leaves it out', async () => {
    const good = await signed('checksum', leaf);
    const file = await changed(good, 'checksum-changed.exe', (b) => {
      b.writeUInt32LE(0x1234, b.readUInt32LE(0x3c) + 24 + 64);
      return b;
    });
    await agree(file, 'verified');
  });

  it('says tampered when one byte of code, of the header or of the signature changes', async () => {
    const good = await signed('to-change', leaf);
    const code = await changed(good, 'code.exe', (b) => {
      b[TINY_PE_CODE_OFFSET + 100]! ^= 1;
      return b;
    });
    const header = await changed(good, 'header.exe', (b) => {
      b[b.readUInt32LE(0x3c) + 8]! ^= 1; // COFF TimeDateStamp
      return b;
    });
    const signature = await changed(good, 'sigvalue.exe', (b) => {
      b[tableOf(b).derEnd - 10]! ^= 1; // inside the signature value, the SignerInfo's last field
      return b;
    });
    for (const file of [code, header, signature]) {
      await agree(file, 'tampered');
      expect(await sbverify(file, leaf.cert)).toBe(false);
    }
  });

  it('says tampered when data is appended after the certificate table', async () => {
    const good = await signed('appended', leaf);
    await agree(
      await changed(good, 'appended-data.exe', (b) => Buffer.concat([b, Buffer.from('MALWARE!')])),
      'tampered',
    );
  });

  it('says malformed for a certificate table whose PKCS#7 cannot be read', async () => {
    const good = await signed('corrupt', leaf);
    const file = await changed(good, 'corrupt-pkcs7.exe', (b) => {
      const { offset } = tableOf(b);
      b.fill(0xee, offset + 12, offset + 40);
      return b;
    });
    const { answer } = await agree(file, 'malformed');
    expect(answer.kind === 'malformed' && answer.reason).toMatch(/damaged/);
  });

  it('says no signature for an unsigned program', async () => {
    const file = join(dir, 'unsigned.exe');
    await writeFile(file, tinyPe());
    await agree(file, 'no-signature');
  });

  it('says unknown signer, naming the root, when the chain ends at a root nobody trusts', async () => {
    const otherRoot = await selfSigned(dir, 'other-root', '/O=Elsewhere/CN=Unknown Root CA', { ca: true });
    const otherLeaf = await issue(
      dir,
      'other-leaf',
      '/O=Stranger Ltd/CN=Stranger Ltd',
      otherRoot,
      CODE_SIGNING_EXTENSIONS,
    );
    const file = await signed('unknown-root', otherLeaf, { chain: [] });
    const { answer } = await agree(file, 'unknown-signer');
    expect(answer.kind === 'checked' && answer.check.reason).toMatch(/Unknown Root CA.*not a root you trust/);
    expect(answer.kind === 'checked' && answer.check.signerName).toBeUndefined();
  });

  it('says unknown signer for a self-signed publisher, and verified once its thumbprint is pinned', async () => {
    const self = await selfSigned(dir, 'self', '/O=Self Made/CN=Self Made', {
      extensions: CODE_SIGNING_EXTENSIONS,
    });
    const file = await signed('self-signed', self, { chain: [] });
    const { answer } = await agree(file, 'unknown-signer');
    expect(answer.kind === 'checked' && answer.check.reason).toMatch(/self-signed/);
    const pin = {
      kind: 'x509' as const,
      keyId: 'build-server',
      name: 'Our build server',
      thumbprintSha256: thumbprintOf(await derOfPem(self.cert)),
      addedAt: new Date().toISOString(),
      source: 'user' as const,
    };
    const pinned = await signetVerify(file, { roots, trust: [pin] });
    expect(pinned.verdict).toBe('verified');
    expect(pinned.answer.kind === 'checked' && pinned.answer.check.signerName).toBe('Our build server');
    expect(pinned.answer.kind === 'checked' && pinned.answer.check.vouchedBy).toBe('Your trust list');
  });

  it('says unknown signer when the certificate is not made for code signing', async () => {
    const web = await issue(dir, 'web-leaf', '/O=Web Only/CN=www.example.org', intermediate, [
      'basicConstraints=CA:false',
      'keyUsage=critical,digitalSignature',
      'extendedKeyUsage=serverAuth',
    ]);
    const { answer } = await agree(await signed('wrong-eku', web), 'unknown-signer');
    expect(answer.kind === 'checked' && answer.check.rule).toBe('wrong-purpose');
  });

  it('says unknown signer when the certificate has expired and nothing proves when it signed', async () => {
    const file = await signed('expires', leaf);
    const later = new Date(Date.now() + 400 * DAY);
    const { answer } = await agree(file, 'unknown-signer', { at: later });
    expect(answer.kind === 'checked' && answer.check.rule).toBe('expired');
    expect(answer.kind === 'checked' && answer.check.reason).toMatch(/expired.*no valid timestamp/);
  });

  it('verifies an expired certificate when an RFC 3161 timestamp proves it signed in time', async () => {
    const tsa = await issue(
      dir,
      'tsa',
      '/O=Signet Test CA/CN=Signet Test Time-Stamping',
      root,
      TSA_EXTENSIONS,
    );
    // A second ahead: the TSA certificate was issued just now and must be valid at the time it states.
    const signedAt = new Date(Math.ceil(Date.now() / 1000) * 1000 + 1000);
    const file = await signed('timestamped', leaf, { tsa: { signer: tsa, chain: [], time: signedAt } });
    const later = new Date(Date.now() + 400 * DAY);
    const { answer } = await agree(file, 'verified', { at: later });
    if (answer.kind !== 'checked') throw new Error('not checked');
    expect(answer.check.signedAt).toBe(signedAt.toISOString());
    expect(answer.check.signedAtSource).toBe('timestamp');
    // A timestamp from an authority nobody trusts proves nothing.
    const rogueRoot = await selfSigned(dir, 'rogue-root', '/CN=Rogue TSA Root', { ca: true });
    const rogueTsa = await issue(dir, 'rogue-tsa', '/CN=Rogue TSA', rogueRoot, TSA_EXTENSIONS);
    const rogue = await signed('rogue-ts', leaf, {
      tsa: { signer: rogueTsa, chain: [rogueRoot.cert], time: signedAt },
    });
    expect((await signetVerify(rogue, { roots, at: later })).verdict).toBe('unknown-signer');
  });

  it('never verifies a SHA-1-only signature (osslsigncode accepts it; Signet refuses by policy)', async () => {
    const file = await signed('sha1', leaf, { hash: 'sha1' });
    expect(await osslverify(file, rootsFile)).toBe(true);
    const { verdict, answer } = await signetVerify(file, { roots });
    expect(verdict).toBe('malformed');
    expect(answer.kind === 'checked' && answer.check.rule).toBe('weak-hash');
  });

  it('reads nested signatures: SHA-1 outside, SHA-256 nested, verified by the SHA-256 one', async () => {
    const sha1 = await signed('dual-inner', leaf, { hash: 'sha1' });
    const dual = join(dir, 'dual.exe');
    await osslsign(sha1, dual, leaf, { chain: [intermediate.cert], nest: true });
    const { answer } = await agree(dual, 'verified');
    if (answer.kind !== 'checked') throw new Error('not checked');
    expect(answer.check.algorithm).toMatch(/SHA-256/);
    expect(answer.check.details?.some((d) => /SHA-1/.test(d.value))).toBe(true);
    // Changing the code breaks both.
    const broken = await changed(dual, 'dual-changed.exe', (b) => {
      b[TINY_PE_CODE_OFFSET]! ^= 0x80;
      return b;
    });
    await agree(broken, 'tampered');
  });

  it('with a managed "known publishers only" list, a CA-vouched publisher counts only when listed', async () => {
    const file = await signed('known-only', leaf);
    const unlisted = await signetVerify(file, { roots, onlyListed: true });
    expect(unlisted.verdict).toBe('unknown-signer');
    const { X509Certificate } = await import('node:crypto');
    const entry = {
      kind: 'x509' as const,
      keyId: 'example-approved',
      name: 'Example (approved)',
      subject: new X509Certificate(await readFile(leaf.cert)).subject,
      rootSha256: thumbprintOf(roots[0]!),
      addedAt: new Date().toISOString(),
      source: 'managed' as const,
    };
    const listed = await signetVerify(file, { roots, onlyListed: true, trust: [entry] });
    expect(listed.verdict).toBe('verified');
    expect(listed.answer.kind === 'checked' && listed.answer.check.signerName).toBe('Example (approved)');
    expect(listed.answer.kind === 'checked' && listed.answer.check.signerManaged).toBe(true);
  });

  it('copies keep their verdict: a copy of a good file still verifies', async () => {
    const good = await signed('copy', leaf);
    const copy = join(dir, 'copy-2.exe');
    await copyFile(good, copy);
    await agree(copy, 'verified');
  });
});
