import { mkdir, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { FormatError } from '../../electron/core/errors';
import { readMsiBytes } from '../../electron/core/formats/authenticode/msi';
import { writeMsiSignature } from '../../electron/core/formats/authenticode/msi-signature-writer';
import { buildMsi } from '../helpers/authenticode-msi';
import { tempDir } from '../helpers/temp-dir';

/**
 * Hostile packages handed to the MSI writer: truncated, sector chains that loop or leave the file,
 * bytes flipped in the header, tables and directory. Each is refused with a FormatError, quickly,
 * and nothing is left in the destination's folder; a package the writer accepts comes out with
 * every stream as it was.
 */
let dir: string;
let out: string;
let msi: Buffer;
const SIGNATURE = new Uint8Array(3000).fill(0x30);

beforeAll(async () => {
  dir = await tempDir('signet-msi-writer-fuzz-');
  out = join(dir, 'out');
  await mkdir(out);
  msi = await readFile(await buildMsi(dir, 'fuzz'));
});

/** Writes `bytes` through the writer: 'written', or 'refused' with nothing left behind. */
async function attempt(bytes: Uint8Array, name: string): Promise<'written' | 'refused'> {
  const source = join(dir, `${name}.msi`);
  await writeFile(source, bytes);
  const destination = join(out, `${name}.signed.msi`);
  const started = Date.now();
  try {
    await writeMsiSignature(source, destination, SIGNATURE);
  } catch (error) {
    expect(error, String(error)).toBeInstanceOf(FormatError);
    expect(await readdir(out)).toEqual([]);
    return 'refused';
  } finally {
    expect(Date.now() - started).toBeLessThan(2000);
  }
  const written = await readFile(destination);
  await unlink(destination);
  expect(streamsOf(written)).toEqual(streamsOf(bytes));
  return 'written';
}

/** Every stream's name and bytes but the signature's, as a reader sees them. */
function streamsOf(bytes: Uint8Array): Record<string, string> {
  const { compound } = readMsiBytes(bytes);
  const found: Record<string, string> = {};
  const walk = (entries: typeof compound.root.children, path: string) => {
    for (const entry of entries) {
      const name = `${path}/${entry.name}`;
      if (entry.type === 'storage') walk(entry.children, name);
      else if (entry.name !== '\u0005DigitalSignature')
        found[name] = Buffer.concat(
          compound.rangesOf(entry).map(([s, e]) => Buffer.from(bytes.subarray(s, e))),
        ).toString('base64');
    }
  };
  walk(compound.root.children, '');
  return found;
}

const fatSector = () => msi.readUInt32LE(0x4c);
const directorySector = () => msi.readUInt32LE(0x30);
const sectorAt = (sector: number) => (sector + 1) * 512;

describe('MSI writer on hostile packages', () => {
  it('writes the package as it is', async () => {
    expect(await attempt(msi, 'plain')).toBe('written');
  });

  it('refuses truncated packages', async () => {
    for (const length of [0, 7, 511, 512, 513, 1024, msi.length >> 1, msi.length - 512, msi.length - 1]) {
      expect(await attempt(msi.subarray(0, length), `cut-${length}`)).toBe('refused');
    }
  });

  it('refuses sector chains that loop or point outside the file', async () => {
    const fat = sectorAt(fatSector());
    // The directory's chain: to itself, to a free sector, past the end.
    for (const [value, name] of [
      [directorySector(), 'loop'],
      [0xffffffff, 'free'],
      [0x7ffffff0, 'past-end'],
    ] as const) {
      const bytes = Buffer.from(msi);
      bytes.writeUInt32LE(value, fat + directorySector() * 4);
      expect(await attempt(bytes, `chain-${name}`)).toBe('refused');
    }
    // Every allocation-table entry pointing at sector 0: streams share sectors and loop.
    const shared = Buffer.from(msi);
    for (let i = 0; i < 128; i++)
      if (shared.readUInt32LE(fat + i * 4) < 0xfffffffa) shared.writeUInt32LE(0, fat + i * 4);
    expect(await attempt(shared, 'chain-shared')).toBe('refused');
    // A directory whose siblings point back at the root.
    const cyclic = Buffer.from(msi);
    const directory = sectorAt(directorySector());
    cyclic.writeUInt32LE(0, directory + 128 + 0x44);
    expect(await attempt(cyclic, 'directory-cycle')).toBe('refused');
  });

  it('refuses or faithfully rewrites packages with bytes flipped in their structure', async () => {
    const structure = [
      [0, 512],
      [sectorAt(fatSector()), sectorAt(fatSector()) + 512],
      [sectorAt(directorySector()), sectorAt(directorySector()) + 512],
    ] as const;
    let index = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.tuple(fc.constantFrom(...structure), fc.nat({ max: 511 }), fc.integer({ min: 1, max: 255 })),
          { minLength: 1, maxLength: 4 },
        ),
        async (flips) => {
          const bytes = Buffer.from(msi);
          for (const [[start], offset, xor] of flips) bytes[start + offset]! ^= xor;
          await attempt(bytes, `flip-${index++}`);
        },
      ),
      { numRuns: 150 },
    );
  });
});
