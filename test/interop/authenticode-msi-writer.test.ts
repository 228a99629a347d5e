import { createPrivateKey, sign as nodeSign, X509Certificate } from 'node:crypto';
import { open, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { msiSigningDigest, msiSigningDigestEx } from '../../electron/core/formats/authenticode/check-msi';
import {
  type CompoundEntry,
  type CompoundFile,
  readCompoundFile,
} from '../../electron/core/formats/authenticode/compound-file';
import { writeCompoundFile } from '../../electron/core/formats/authenticode/compound-file-writer';
import { fdReader } from '../../electron/core/formats/authenticode/fd-reader';
import { readMsiBytes } from '../../electron/core/formats/authenticode/msi';
import {
  writeMsiSignature,
  writeMsiSignatureMadeMeanwhile,
} from '../../electron/core/formats/authenticode/msi-signature-writer';
import { readAuthenticode } from '../../electron/core/formats/authenticode/signed-data';
import { buildAuthenticodeSignature } from '../../electron/core/formats/authenticode/signed-data-builder';
import { buildMsi } from '../helpers/authenticode-msi';
import { osslsign, osslverify } from '../helpers/authenticode-sign';
import { derOfPem, signetVerify } from '../helpers/authenticode-verdict';
import { run } from '../helpers/run';
import { tempDir } from '../helpers/temp-dir';
import { CODE_SIGNING_EXTENSIONS, type Issued, issue, selfSigned } from '../helpers/x509-ca';

/**
 * Signet's MSI writer against osslsigncode: the digest Signet would sign equals the one osslsigncode
 * signs, and osslsigncode's own PKCS#7, put into an unsigned copy by Signet's writer, is accepted by
 * osslsigncode verify and by Signet's verifier.
 */
let dir: string;
let root: Issued;
let leaf: Issued;
let other: Issued;
let roots: Uint8Array[];
let small: string;
let large: string;

beforeAll(async () => {
  dir = await tempDir('signet-msi-writer-');
  root = await selfSigned(dir, 'root', '/O=Writer Test CA/CN=Writer Test Root', { ca: true, key: 'ec' });
  leaf = await issue(
    dir,
    'leaf',
    '/O=Package Maker Ltd/CN=Package Maker Ltd',
    root,
    CODE_SIGNING_EXTENSIONS,
    {
      key: 'ec',
    },
  );
  other = await issue(
    dir,
    'other',
    '/O=Second Maker Ltd/CN=Second Maker Ltd',
    root,
    CODE_SIGNING_EXTENSIONS,
    {
      key: 'ec',
    },
  );
  roots = [await derOfPem(root.cert)];
  small = await buildMsi(dir, 'small');
  // 9 MB of noise: more allocation-table sectors than the header lists, so DIFAT sectors too.
  large = await buildMsi(dir, 'large', Buffer.from(randomish(9_000_000)));
});

function randomish(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let x = 0x9e3779b9;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

/** osslsigncode signs `input`; its PKCS#7 comes back as the stream's bytes. */
async function osslSignature(
  input: string,
  name: string,
  signer: Issued,
  msiEx = false,
): Promise<Uint8Array> {
  const signed = join(dir, `${name}.osslsigned.msi`);
  await osslsign(input, signed, signer, { chain: [], msiEx });
  const sig = join(dir, `${name}.p7`);
  const result = await run('osslsigncode', ['extract-signature', '-in', signed, '-out', sig]);
  expect(result.status, result.stderr).toBe(0);
  return new Uint8Array(await readFile(sig));
}

async function accepted(file: string, signer: string) {
  expect(await osslverify(file, root.cert), 'osslsigncode verify').toBe(true);
  const { verdict, answer } = await signetVerify(file, { roots });
  expect(verdict, JSON.stringify(answer)).toBe('verified');
  expect(answer.kind === 'checked' && answer.check.signerName).toBe(signer);
}

describe('MSI signature writer', () => {
  it('signs the digest osslsigncode signs, and a package signed through the writer verifies', async () => {
    for (const [name, unsigned] of [
      ['small', small],
      ['large', large],
    ] as const) {
      const sig = await osslSignature(unsigned, name, leaf);
      expect(Buffer.from(await msiSigningDigest(unsigned)).toString('hex')).toBe(
        Buffer.from(readAuthenticode(sig)[0]!.imageDigest).toString('hex'),
      );
      const out = join(dir, `${name}.signet.msi`);
      await writeMsiSignature(unsigned, out, sig);
      await accepted(out, 'Package Maker Ltd');
      expect((await stat(out)).size).toBeLessThan((await stat(unsigned)).size + 64 * 1024);
    }
  });

  it('writes MsiDigitalSignatureEx when asked, with the digest osslsigncode -add-msi-dse signs', async () => {
    const sig = await osslSignature(small, 'ex', leaf, true);
    const { digest, ex } = await msiSigningDigestEx(small);
    expect(Buffer.from(digest).equals(Buffer.from(readAuthenticode(sig)[0]!.imageDigest))).toBe(true);
    const out = join(dir, 'ex.signet.msi');
    await writeMsiSignature(small, out, sig, { ex });
    await accepted(out, 'Package Maker Ltd');
    expect(readMsiBytes(await readFile(out)).signatureEx).toEqual(ex);
  });

  it('replaces a signature already there, dropping an MsiDigitalSignatureEx the new one does not cover', async () => {
    const signedWithEx = join(dir, 'first.msi');
    await osslsign(small, signedWithEx, leaf, { chain: [], msiEx: true });
    // The digest of a signed package is the digest of its unsigned self.
    expect(await msiSigningDigest(signedWithEx)).toEqual(await msiSigningDigest(small));
    const sig = await osslSignature(small, 'second', other);
    await writeMsiSignature(signedWithEx, signedWithEx, sig, { overwrite: true });
    await accepted(signedWithEx, 'Second Maker Ltd');
    expect(readMsiBytes(await readFile(signedWithEx)).signatureEx).toBeUndefined();
  });

  it('keeps 4096-byte sectors (compound file version 4)', async () => {
    const v4 = join(dir, 'v4.msi');
    await rewriteAsVersion4(small, v4);
    expect((await readFile(v4)).readUInt16LE(0x1a)).toBe(4);
    expect(await msiSigningDigest(v4)).toEqual(await msiSigningDigest(small));
    const out = join(dir, 'v4.signet.msi');
    await writeMsiSignature(v4, out, await osslSignature(small, 'v4', leaf));
    expect((await readFile(out)).readUInt16LE(0x1a)).toBe(4);
    await accepted(out, 'Package Maker Ltd');
  });

  it('keeps storages, nested ones and their CLSIDs (as a patch package has), and signs what osslsigncode checks', async () => {
    const patch = join(dir, 'patch.msp');
    await writeWithStorages(patch);
    const leafKey = createPrivateKey(await readFile(leaf.key));
    const key = {
      chain: [new Uint8Array(new X509Certificate(await readFile(leaf.cert)).raw)],
      algorithm: 'ecdsa' as const,
      sign: async (data: Uint8Array) => new Uint8Array(nodeSign('sha256', data, leafKey)),
      close: async () => {},
    };
    const built = await buildAuthenticodeSignature(key, 'msi', await msiSigningDigest(patch));
    const out = join(dir, 'patch.signet.msp');
    await writeMsiSignature(patch, out, built.der);
    await accepted(out, 'Package Maker Ltd');
    // Signed as signing does it: the digest hashed back from the copy (the storages' CLSIDs from
    // the directory written before the streams) is the package's own.
    const meanwhile = join(dir, 'patch.meanwhile.msp');
    const written = await writeMsiSignatureMadeMeanwhile(patch, meanwhile, async ({ digest }) => {
      expect(digest).toEqual(await msiSigningDigest(patch));
      return (await buildAuthenticodeSignature(key, 'msi', digest)).der;
    });
    expect(written.digest).toEqual(await msiSigningDigest(patch));
    await accepted(meanwhile, 'Package Maker Ltd');
    const names = (entries: readonly CompoundEntry[]): unknown[] =>
      entries.map((e) =>
        e.type === 'storage' ? [e.name, e.clsid.toString('hex'), names(e.children)] : e.name,
      );
    const signed = readMsiBytes(await readFile(out)).compound.root.children;
    expect(names(signed)).toEqual(
      expect.arrayContaining([
        ['Patch', '0123456789abcdef0123456789abcdef', expect.arrayContaining(['Inner', 'InnerBig'])],
      ]),
    );
  });

  it('signs a package without small streams (nothing may go before its directory but a free sector)', async () => {
    const bare = join(dir, 'bare.msi');
    await writeWithStorages(bare, 'large streams only');
    const sig = await osslSignature(bare, 'bare', leaf);
    const out = join(dir, 'bare.signet.msi');
    await writeMsiSignature(bare, out, sig);
    await accepted(out, 'Package Maker Ltd');
  });

  it('never replaces a file it was not told to, and leaves nothing behind', async () => {
    const out = join(dir, 'taken.msi');
    await writeFile(out, 'already here');
    const error = await writeMsiSignature(small, out, await osslSignature(small, 'taken', leaf)).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ kind: 'exists' });
    expect(await readFile(out, 'utf8')).toBe('already here');
  });
});

async function rewriteAsVersion4(source: string, destination: string): Promise<void> {
  const input = await open(source, 'r');
  const out = await open(destination, 'w');
  try {
    const compound = readCompoundFile(fdReader(input.fd, (await input.stat()).size));
    const read = async (buffer: Buffer, length: number, position: number) =>
      (await input.read(buffer, 0, length, position)).bytesRead;
    await writeCompoundFile(compound, { major: 4 }, { read }, out, [], []);
  } finally {
    await out.close();
    await input.close();
  }
}

/**
 * A compound file with storages inside storages, each with its own CLSID, and streams on both
 * sides of the small-stream cutoff: wixl makes no such package, so it is written here through the
 * writer itself from streams held in memory.
 */
async function writeWithStorages(destination: string, only?: 'large streams only'): Promise<void> {
  const parts: Buffer[] = [];
  let offset = 0;
  const node = (
    name: string,
    type: CompoundEntry['type'],
    content: { data?: Buffer; children?: CompoundEntry[]; clsid?: string } = {},
  ): CompoundEntry => {
    const start = offset;
    if (content.data) {
      parts.push(content.data);
      offset += content.data.length;
    }
    return {
      nameBytes: Buffer.from(name, 'utf16le'),
      name,
      type,
      clsidAt: 0,
      clsid: Buffer.from(content.clsid ?? '00'.repeat(16), 'hex'),
      state: 0,
      created: Buffer.alloc(8),
      modified: Buffer.alloc(8),
      size: content.data?.length ?? 0,
      start,
      children: content.children ?? [],
    };
  };
  const bytes = (length: number, fill: number) => Buffer.from(randomish(length).map((b) => b ^ fill));
  const root = node('Root Entry', 'root', {
    clsid: '86100c000000000000c0000000000046',
    children: only
      ? [node('Big', 'stream', { data: bytes(9000, 2) }), node('Bigger', 'stream', { data: bytes(70000, 7) })]
      : [
          node('\u0005SummaryInformation', 'stream', { data: bytes(300, 1) }),
          node('Big', 'stream', { data: bytes(9000, 2) }),
          node('Patch', 'storage', {
            clsid: '0123456789abcdef0123456789abcdef',
            children: [
              node('Inner', 'stream', { data: bytes(100, 3) }),
              node('InnerBig', 'stream', { data: bytes(5000, 4) }),
              node('Deeper', 'storage', {
                clsid: '00112233445566778899aabbccddeeff',
                children: [node('x', 'stream', { data: bytes(10, 5) })],
              }),
            ],
          }),
          node('Tiny', 'stream', { data: bytes(1, 6) }),
        ],
  });
  const source = Buffer.concat(parts);
  const compound: CompoundFile = {
    root,
    rangesOf: (e) => (e.type === 'stream' && e.size > 0 ? [[e.start, e.start + e.size]] : []),
  };
  const out = await open(destination, 'w');
  try {
    const read = async (buffer: Buffer, length: number, position: number) =>
      source.copy(buffer, 0, position, position + length);
    await writeCompoundFile(compound, { major: 3 }, { read }, out, [], []);
  } finally {
    await out.close();
  }
}
