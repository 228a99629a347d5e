import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildMsi } from '../helpers/authenticode-msi';
import { osslsign, osslverify } from '../helpers/authenticode-sign';
import { derOfPem, signetVerify } from '../helpers/authenticode-verdict';
import { run, signet } from '../helpers/run';
import { tempDir } from '../helpers/temp-dir';
import { CA_EXTENSIONS, CODE_SIGNING_EXTENSIONS, type Issued, issue, selfSigned } from '../helpers/x509-ca';

// A signature on an MSI covers its streams, not the file. Bytes the compound file does not
// account for (a ZIP appended and the file named .jar: GlueBall, CVE-2020-1464) must make the
// file tampered, in the core and in the CLI, with or without MsiDigitalSignatureEx.

let dir: string;
let root: Issued;
let roots: Uint8Array[];
const signed: Record<'plain' | 'ex', string> = { plain: '', ex: '' };
let zip: Buffer;

beforeAll(async () => {
  dir = await tempDir('signet-msi-unaccounted-');
  root = await selfSigned(dir, 'root', '/CN=Unaccounted Test Root', { ca: true, key: 'ec' });
  const ca = await issue(dir, 'ca', '/CN=Unaccounted Issuing CA', root, CA_EXTENSIONS, { key: 'ec' });
  const leaf = await issue(dir, 'leaf', '/O=Package Maker Ltd/CN=Package Maker', ca, CODE_SIGNING_EXTENSIONS);
  roots = [await derOfPem(root.cert)];
  const unsigned = await buildMsi(dir, 'setup');
  for (const kind of ['plain', 'ex'] as const) {
    signed[kind] = join(dir, `signed-${kind}.msi`);
    await osslsign(unsigned, signed[kind], leaf, { chain: [ca.cert], msiEx: kind === 'ex' });
  }
  // A real ZIP made by Python's zipfile: a JAR with a manifest and a class-like entry.
  const made = await run('python3', [
    '-c',
    `import zipfile,sys
z = zipfile.ZipFile(sys.argv[1], 'w')
z.writestr('META-INF/MANIFEST.MF', 'Manifest-Version: 1.0\\nMain-Class: Evil\\n')
z.writestr('Evil.class', b'\\xca\\xfe\\xba\\xbe' + b'\\x00' * 64)
z.close()`,
    join(dir, 'payload.zip'),
  ]);
  expect(made.status, made.stderr).toBe(0);
  zip = await readFile(join(dir, 'payload.zip'));
}, 120_000);

async function cliVerdict(file: string) {
  const r = await signet(['verify', file, '--ca-roots', root.cert, '--json'], join(dir, 'config'));
  return { status: r.status, json: JSON.parse(r.stdout) as { verdict: string } };
}

/**
 * Moves the directory to the end of the file, behind one new sector holding `hidden`: the old
 * directory sectors are zeroed and marked free, the hidden sector is free too. The streams and
 * the file list are unchanged, so the signature still matches; only the hidden sector differs.
 */
function hideInFreeSector(msi: Buffer, hidden: Buffer): Buffer {
  const size = 512;
  expect(msi.readUInt16LE(0x1e)).toBe(9);
  expect(msi.readUInt32LE(0x2c)).toBe(1);
  const fatAt = (msi.readUInt32LE(0x4c) + 1) * size;
  const fat = (i: number) => msi.readUInt32LE(fatAt + i * 4);
  const setFat = (out: Buffer, i: number, v: number) => out.writeUInt32LE(v >>> 0, fatAt + i * 4);
  const directory: number[] = [];
  for (let s = msi.readUInt32LE(0x30); s !== 0xfffffffe; s = fat(s)) directory.push(s);
  const count = msi.length / size - 1;
  expect(count + 1 + directory.length).toBeLessThanOrEqual(128);
  const out = Buffer.concat([msi, Buffer.alloc(size * (1 + directory.length))]);
  hidden.copy(out, (count + 1) * size, 0, Math.min(hidden.length, size));
  directory.forEach((old, i) => {
    const moved = count + 1 + i;
    msi.copy(out, (moved + 1) * size, (old + 1) * size, (old + 2) * size);
    out.fill(0, (old + 1) * size, (old + 2) * size);
    setFat(out, old, 0xffffffff);
    setFat(out, moved, i === directory.length - 1 ? 0xfffffffe : moved + 1);
  });
  setFat(out, count, 0xffffffff);
  out.writeUInt32LE(count + 1, 0x30);
  return out;
}

/**
 * Adds a second root stream named \x05DigitalSignature holding `payload` in new sectors at the
 * end: a stream the content digest leaves out by name, as it leaves out the real one.
 */
function addSecondSignatureStream(msi: Buffer, payload: Buffer): Buffer {
  const size = 512;
  const fatAt = (msi.readUInt32LE(0x4c) + 1) * size;
  const fat = (i: number) => msi.readUInt32LE(fatAt + i * 4);
  const directory: number[] = [];
  for (let s = msi.readUInt32LE(0x30); s !== 0xfffffffe; s = fat(s)) directory.push(s);
  const entryAt = (id: number) => (directory[Math.floor(id / 4)]! + 1) * size + (id % 4) * 128;
  let free = -1;
  for (let id = 1; id < directory.length * 4 && free < 0; id++) if (msi[entryAt(id) + 0x42] === 0) free = id;
  expect(free).toBeGreaterThan(0);
  const body = Buffer.concat([payload, Buffer.alloc((size - (payload.length % size)) % size)]);
  const first = msi.length / size - 1;
  const count = body.length / size;
  expect(first + count).toBeLessThanOrEqual(128);
  const out = Buffer.concat([msi, body]);
  for (let i = 0; i < count; i++) {
    out.writeUInt32LE(i === count - 1 ? 0xfffffffe : first + i + 1, fatAt + (first + i) * 4);
  }
  const at = entryAt(free);
  const name = Buffer.from('\u0005DigitalSignature\u0000', 'utf16le');
  out.fill(0, at, at + 128);
  name.copy(out, at);
  out.writeUInt16LE(name.length, at + 0x40);
  out[at + 0x42] = 2;
  out[at + 0x43] = 1;
  out.writeUInt32LE(0xffffffff, at + 0x44);
  out.writeUInt32LE(0xffffffff, at + 0x48);
  out.writeUInt32LE(0xffffffff, at + 0x4c);
  out.writeUInt32LE(first, at + 0x74);
  out.writeUInt32LE(payload.length, at + 0x78);
  // Hung below the real signature stream, so a reader meets the real one first.
  let real = -1;
  for (let id = 1; id < directory.length * 4 && real < 0; id++) {
    const e = entryAt(id);
    if (id !== free && msi[e + 0x42] === 2 && msi.subarray(e, e + name.length).equals(name)) real = id;
  }
  expect(real).toBeGreaterThan(0);
  const slot = [0x44, 0x48].find((o) => out.readUInt32LE(entryAt(real) + o) === 0xffffffff);
  expect(slot).toBeDefined();
  out.writeUInt32LE(free, entryAt(real) + slot!);
  return out;
}

describe('bytes an MSI cannot account for make it tampered', () => {
  it('an untouched signed package still verifies, in the core and in the CLI', async () => {
    for (const file of Object.values(signed)) {
      expect((await signetVerify(file, { roots })).verdict).toBe('verified');
      expect(await osslverify(file, root.cert)).toBe(true);
      const cli = await cliVerdict(file);
      expect(cli.json.verdict).toBe('verified');
      expect(cli.status).toBe(0);
    }
  });

  it('a ZIP appended and saved as .jar: tampered, with or without MsiDigitalSignatureEx', async () => {
    for (const [kind, file] of Object.entries(signed)) {
      const jar = join(dir, `glued-${kind}.jar`);
      await writeFile(jar, Buffer.concat([await readFile(file), zip]));
      // The JAR half is real: a ZIP reader finds the manifest behind the package.
      const listed = await run('python3', [
        '-c',
        'import zipfile,sys; print(zipfile.ZipFile(sys.argv[1]).namelist())',
        jar,
      ]);
      expect(listed.stdout).toContain('META-INF/MANIFEST.MF');
      // osslsigncode checks only the streams, so it still says the signature is good.
      expect(await osslverify(jar, root.cert)).toBe(true);

      const { verdict, answer } = await signetVerify(jar, { roots });
      expect(verdict).toBe('tampered');
      expect(answer.kind === 'checked' && answer.check.rule).toBe('unaccounted-bytes');
      const cli = await cliVerdict(jar);
      expect(cli.json.verdict).toBe('tampered');
      expect(cli.status).not.toBe(0);
    }
  });

  it('even one appended byte, or a sector of zeros past the allocation table, is tampered', async () => {
    const bytes = await readFile(signed.plain);
    for (const [name, tail] of [
      ['one-byte.msi', Buffer.from([0x50])],
      ['zero-sectors.msi', Buffer.alloc(512 * 200)],
    ] as const) {
      const file = join(dir, name);
      await writeFile(file, Buffer.concat([bytes, tail]));
      expect((await signetVerify(file, { roots })).verdict, name).toBe('tampered');
    }
  });

  it('data hidden in a sector inside the file that nothing uses: tampered; the same sector zeroed verifies', async () => {
    for (const [kind, file] of Object.entries(signed)) {
      const bytes = await readFile(file);
      const hidden = join(dir, `hidden-${kind}.msi`);
      await writeFile(hidden, hideInFreeSector(bytes, zip));
      expect(await osslverify(hidden, root.cert)).toBe(true);
      const { verdict, answer } = await signetVerify(hidden, { roots });
      expect(verdict).toBe('tampered');
      expect(answer.kind === 'checked' && answer.check.rule).toBe('unaccounted-bytes');
      expect((await cliVerdict(hidden)).json.verdict).toBe('tampered');

      // A free sector of zeros hides nothing: the rearranged package is as signed.
      const clean = join(dir, `free-zero-${kind}.msi`);
      await writeFile(clean, hideInFreeSector(bytes, Buffer.alloc(0)));
      expect(await osslverify(clean, root.cert)).toBe(true);
      expect((await signetVerify(clean, { roots })).verdict).toBe('verified');
      expect((await cliVerdict(clean)).json.verdict).toBe('verified');
    }
  });

  it('a second \\x05DigitalSignature stream carrying a ZIP is never verified', async () => {
    for (const [kind, file] of Object.entries(signed)) {
      const padded = Buffer.concat([Buffer.alloc(Math.max(0, 4608 - zip.length)), zip]);
      const twice = join(dir, `two-signatures-${kind}.jar`);
      await writeFile(twice, addSecondSignatureStream(await readFile(file), padded));
      const listed = await run('python3', [
        '-c',
        'import zipfile,sys; print(zipfile.ZipFile(sys.argv[1]).namelist())',
        twice,
      ]);
      expect(listed.stdout).toContain('META-INF/MANIFEST.MF');
      expect(await osslverify(twice, root.cert), 'osslsigncode refuses it too').toBe(false);
      expect((await signetVerify(twice, { roots })).verdict).toBe('malformed');
      expect((await cliVerdict(twice)).json.verdict).toBe('malformed');
    }
  });
});
