import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../electron/core/errors';
import { readCertificateTable } from '../../electron/core/formats/authenticode/certificate-table';
import {
  PeImageDigester,
  peImageDigestsOf,
  peImageDigestsOfFile,
} from '../../electron/core/formats/authenticode/pe-image-digest';
import { looksLikePe, readPeLayout } from '../../electron/core/formats/authenticode/pe-layout';
import { tinyPe } from '../helpers/pe-writer';
import { tempDir } from '../helpers/temp-dir';

/** A tiny PE with a fake certificate table appended, its directory entry pointing at it. */
function withTable(pe: Buffer, table: Buffer, after = Buffer.alloc(0)): Buffer {
  const file = Buffer.concat([pe, table, after]);
  const optional = file.readUInt32LE(0x3c) + 24;
  const dirs = file.readUInt16LE(optional) === 0x20b ? 112 : 96;
  file.writeUInt32LE(pe.length, optional + dirs + 32);
  file.writeUInt32LE(table.length, optional + dirs + 36);
  return file;
}

/** The digest written out the way the spec describes it, one range at a time. */
function specDigest(file: Buffer, algorithm: string): Buffer {
  const optional = file.readUInt32LE(0x3c) + 24;
  const dirs = file.readUInt16LE(optional) === 0x20b ? 112 : 96;
  const checksum = optional + 64;
  const certDir = optional + dirs + 32;
  const tableAt = file.readUInt32LE(certDir);
  const tableSize = file.readUInt32LE(certDir + 4);
  const hash = createHash(algorithm);
  hash.update(file.subarray(0, checksum));
  hash.update(file.subarray(checksum + 4, certDir));
  if (tableSize === 0) {
    hash.update(file.subarray(certDir + 8));
  } else {
    hash.update(file.subarray(certDir + 8, tableAt));
    hash.update(file.subarray(tableAt + tableSize));
  }
  return hash.digest();
}

describe('PE layout', () => {
  it('finds the checksum, the certificate directory and the table of PE32 and PE32+ files', () => {
    for (const format of ['PE32', 'PE32+'] as const) {
      const file = withTable(tinyPe({ format }), Buffer.alloc(16, 1));
      const layout = readPeLayout(file, file.length);
      expect(layout.format).toBe(format);
      expect(layout.checksumOffset).toBe(0x40 + 24 + 64);
      expect(layout.certDirOffset).toBe(0x40 + 24 + (format === 'PE32+' ? 112 : 96) + 32);
      expect(layout.certTable).toEqual({ offset: file.length - 16, size: 16 });
      expect(layout.sections.map((s) => s.name)).toEqual(['.text']);
      expect(looksLikePe(file)).toBe(true);
    }
  });

  it('refuses tables past the end, over the headers or over a section, with a plain sentence', () => {
    const file = withTable(tinyPe(), Buffer.alloc(16, 1));
    const certDir = readPeLayout(file, file.length).certDirOffset!;
    const cases: [number, number, RegExp][] = [
      [file.length - 8, 16, /past the end/],
      [0x100, 16, /overlaps the headers/],
      [0x300, 16, /overlaps section/],
      [0, 16, /half empty/],
    ];
    for (const [offset, size, message] of cases) {
      const bad = Buffer.from(file);
      bad.writeUInt32LE(offset, certDir);
      bad.writeUInt32LE(size, certDir + 4);
      expect(() => readPeLayout(bad, bad.length)).toThrow(message);
    }
  });

  it('says what is wrong with files that are not programs', () => {
    expect(() => readPeLayout(Buffer.from('hello'), 5)).toThrow(FormatError);
    expect(() => readPeLayout(Buffer.alloc(64), 64)).toThrow(/MZ/);
    const farHeader = tinyPe();
    farHeader.writeUInt32LE(0x7fffffff, 0x3c);
    expect(() => readPeLayout(farHeader, farHeader.length)).toThrow(/PE header/);
    expect(looksLikePe(farHeader)).toBe(false);
  });
});

describe('Authenticode image digest', () => {
  it('equals the spec written out range by range, with data after the table hashed too', () => {
    const file = withTable(tinyPe({ overlay: 77 }), Buffer.alloc(24, 9), Buffer.from('after the table'));
    const digests = peImageDigestsOf(file, ['sha1', 'sha256', 'sha384', 'sha512']);
    for (const algorithm of ['sha1', 'sha256', 'sha384', 'sha512'] as const) {
      expect(Buffer.from(digests[algorithm]!)).toEqual(specDigest(file, algorithm));
    }
  });

  it('gives the same digest however the file is cut into chunks', () => {
    const file = withTable(tinyPe({ codeSize: 0x1000 }), Buffer.alloc(40, 3));
    const layout = readPeLayout(file, file.length);
    const whole = peImageDigestsOf(file, ['sha256']).sha256!;
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: file.length - 1 }), { maxLength: 12 }), (cuts) => {
        const digester = new PeImageDigester(layout, ['sha256']);
        let from = 0;
        for (const cut of [...cuts.sort((a, b) => a - b), file.length]) {
          digester.update(file.subarray(from, cut), from);
          from = cut;
        }
        expect(digester.digests().sha256).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });

  it('streams a file from disk to the same answer, and reads its table apart', async () => {
    const dir = await tempDir();
    const table = Buffer.alloc(32, 5);
    const file = withTable(tinyPe({ codeSize: 3 << 20 }), table);
    const path = join(dir, 'big.exe');
    await writeFile(path, file);
    const streamed = await peImageDigestsOfFile(path, ['sha256', 'sha512']);
    expect(streamed.digests).toEqual(peImageDigestsOf(file, ['sha256', 'sha512']));
    expect(Buffer.from((await readCertificateTable(path)).table!)).toEqual(table);
    const unsigned = join(dir, 'unsigned.exe');
    await writeFile(unsigned, tinyPe());
    expect((await readCertificateTable(unsigned)).table).toBeUndefined();
    const empty = join(dir, 'empty.exe');
    await writeFile(empty, '');
    await expect(peImageDigestsOfFile(empty, ['sha256'])).rejects.toThrow(FormatError);
  });
});
