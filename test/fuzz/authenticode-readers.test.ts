import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { FormatError } from '../../electron/core/errors';
import { checkAuthenticode } from '../../electron/core/formats/authenticode/check';
import { authenticodeModule } from '../../electron/core/formats/authenticode/module';
import { msiContentDigests, readMsiBytes } from '../../electron/core/formats/authenticode/msi';
import { peImageDigestsOf } from '../../electron/core/formats/authenticode/pe-image-digest';
import { readPeLayout } from '../../electron/core/formats/authenticode/pe-layout';
import { readAuthenticode } from '../../electron/core/formats/authenticode/signed-data';
import { readWinCertificates } from '../../electron/core/formats/authenticode/win-certificate';
import type { FormatCheck } from '../../electron/core/formats/format-module';
import { standardPolicy } from '../../electron/core/policy/verify-policy';
import { buildMsi } from '../helpers/authenticode-msi';
import { osslsign } from '../helpers/authenticode-sign';
import { derOfPem } from '../helpers/authenticode-verdict';
import { tinyPe } from '../helpers/pe-writer';
import { tempDir } from '../helpers/temp-dir';
import { CA_EXTENSIONS, CODE_SIGNING_EXTENSIONS, issue, selfSigned } from '../helpers/x509-ca';

/**
 * Hostile bytes against the PE, WIN_CERTIFICATE and PKCS#7 readers and the whole check: every
 * failure is a FormatError (a plain sentence), nothing runs long, and no changed file is verified.
 */
let signed: Buffer;
let roots: Uint8Array[];
let checksumField: number;
let revisionField: number;

function onlyFormatErrors(parse: () => unknown): void {
  try {
    parse();
  } catch (error) {
    if (!(error instanceof FormatError)) throw error;
    expect(error.message).toMatch(/^[^\n]{10,300}$/);
  }
}

/** The pipeline the registry runs, in memory: layout, table, parse, precheck, digest, check. */
function verifyBytes(bytes: Uint8Array): FormatCheck | 'no-signature' | 'malformed' {
  try {
    const layout = readPeLayout(bytes, bytes.length);
    if (!layout.certTable) return 'no-signature';
    const table = bytes.subarray(layout.certTable.offset, layout.certTable.offset + layout.certTable.size);
    const sig = authenticodeModule.parse(table);
    const policy = standardPolicy();
    const pre = authenticodeModule.precheck?.(sig, policy);
    if (pre && !pre.ok) return 'malformed';
    const algorithms = sig.needs.flatMap((n) =>
      n.kind === 'pe-image-digest' ? [n.algorithm as 'sha256'] : [],
    );
    const peDigests = peImageDigestsOf(bytes, algorithms);
    return checkAuthenticode(
      sig.signatures,
      { size: bytes.length, digests: {}, suffixed: [], peDigests },
      {
        trust: [],
        material: { caRoots: roots },
        policy,
        what: 'The file',
      },
      'pe',
    );
  } catch (error) {
    if (error instanceof FormatError) return 'malformed';
    throw error;
  }
}

beforeAll(async () => {
  const dir = await tempDir('signet-authenticode-fuzz-');
  const root = await selfSigned(dir, 'root', '/CN=Fuzz Root', { ca: true, key: 'ec' });
  const intermediate = await issue(dir, 'int', '/CN=Fuzz CA', root, CA_EXTENSIONS, { key: 'ec' });
  const leaf = await issue(
    dir,
    'leaf',
    '/O=Fuzz Publisher/CN=Fuzz Publisher',
    intermediate,
    CODE_SIGNING_EXTENSIONS,
    { key: 'ec' },
  );
  const { writeFile } = await import('node:fs/promises');
  await writeFile(join(dir, 'in.exe'), tinyPe({ codeSize: 0x200 }));
  await osslsign(join(dir, 'in.exe'), join(dir, 'out.exe'), leaf, { chain: [intermediate.cert] });
  signed = await readFile(join(dir, 'out.exe'));
  roots = [await derOfPem(root.cert)];
  const optional = signed.readUInt32LE(0x3c) + 24;
  checksumField = optional + 64;
  revisionField = signed.readUInt32LE(optional + 112 + 32) + 4;
});

describe('Authenticode readers under hostile input', () => {
  it('the untouched file verifies (the properties below start from a good one)', () => {
    const result = verifyBytes(signed);
    expect(typeof result === 'object' && result.outcome).toBe('valid');
  });

  it('readPeLayout: random bytes and random headers give a layout inside the file or a FormatError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), fc.nat({ max: 1 << 30 }), (bytes, extra) => {
        onlyFormatErrors(() => {
          const size = bytes.length + (extra % 4096);
          const layout = readPeLayout(bytes, size);
          if (layout.certTable)
            expect(layout.certTable.offset + layout.certTable.size).toBeLessThanOrEqual(size);
        });
      }),
      { numRuns: 1500 },
    );
  });

  it('readPeLayout: headers with fields overwritten keep every offset inside the file', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: 0x1ff }), fc.nat({ max: 255 })), { minLength: 1, maxLength: 8 }),
        (edits) => {
          const bytes = Buffer.from(signed);
          for (const [at, value] of edits) bytes[at] = value;
          onlyFormatErrors(() => {
            const layout = readPeLayout(bytes, bytes.length);
            for (const s of layout.sections)
              expect(s.size === 0 || s.offset + s.size <= bytes.length).toBe(true);
            if (layout.certTable)
              expect(layout.certTable.offset + layout.certTable.size).toBeLessThanOrEqual(bytes.length);
          });
        },
      ),
      // A run once found a section name holding a newline, quoted raw into the message.
      { numRuns: 1500, examples: [[[[85, 3]]]] },
    );
  });

  it('a section name with hidden characters is quoted escaped, on one line', () => {
    const layout = readPeLayout(signed, signed.length);
    const at = sectionTableOffset(signed);
    const bytes = Buffer.from(signed);
    bytes.write('\n\x1b.exe\0', at, 'latin1');
    bytes.writeUInt32LE(0x7fffffff, at + 16); // SizeOfRawData: past the end of the file
    expect(layout.sections.length).toBeGreaterThan(0);
    expect(() => readPeLayout(bytes, bytes.length)).toThrow(
      /^[^\n]*section "\\u\{A\}\\u\{1B\}\.exe" runs past/,
    );
  });

  it('readWinCertificates and readAuthenticode: garbage and damaged tables are FormatErrors', () => {
    const layout = readPeLayout(signed, signed.length);
    const table = signed.subarray(layout.certTable!.offset);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 4096 }),
          fc
            .array(fc.tuple(fc.nat({ max: table.length - 1 }), fc.nat({ max: 255 })), {
              minLength: 1,
              maxLength: 6,
            })
            .map((edits) => {
              const copy = new Uint8Array(table);
              for (const [at, value] of edits) copy[at] = value;
              return copy;
            }),
          fc.nat({ max: table.length }).map((cut) => table.subarray(0, cut)),
        ),
        (bytes) => onlyFormatErrors(() => readWinCertificates(bytes).flatMap(readAuthenticode)),
      ),
      { numRuns: 300 },
    );
  });

  it('the whole check: one to three changed bytes anywhere signed are never verified', () => {
    const started = Date.now();
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: signed.length - 1 }), fc.integer({ min: 1, max: 255 })), {
          minLength: 1,
          maxLength: 3,
        }),
        (edits) => {
          const bytes = Buffer.from(signed);
          // The checksum and WIN_CERTIFICATE revision are outside every signature by design.
          const meaningful = edits.filter(
            ([at]) =>
              !(at >= checksumField && at < checksumField + 4) &&
              !(at >= revisionField && at < revisionField + 2),
          );
          fc.pre(meaningful.length > 0);
          for (const [at, flip] of meaningful) bytes[at]! ^= flip;
          const result = verifyBytes(bytes);
          expect(typeof result === 'object' ? result.outcome : result).not.toBe('valid');
        },
      ),
      { numRuns: 200 },
    );
    // 200 full checks, each with chain building: well under a second each even on a busy machine.
    expect(Date.now() - started).toBeLessThan(40_000);
  });

  it('readMsi and the MSI check: damaged packages are FormatErrors or not verified, quickly', async () => {
    const dir = await tempDir('signet-authenticode-fuzz-msi-');
    const root = await selfSigned(dir, 'root', '/CN=Fuzz MSI Root', { ca: true, key: 'ec' });
    const leaf = await issue(dir, 'leaf', '/O=Fuzz MSI', root, CODE_SIGNING_EXTENSIONS, { key: 'ec' });
    const out = join(dir, 'signed.msi');
    await osslsign(await buildMsi(dir, 'fuzz'), out, leaf, { chain: [] });
    const msi = await readFile(out);
    const msiRoots = [await derOfPem(root.cert)];
    const verifyMsi = (bytes: Uint8Array) => {
      try {
        const sig = authenticodeModule.parse(bytes);
        const ctx = {
          trust: [],
          material: { caRoots: msiRoots },
          policy: standardPolicy(),
          what: 'The package',
        };
        return (
          authenticodeModule.check(sig, { size: bytes.length, digests: {}, suffixed: [] }, ctx) as FormatCheck
        ).outcome;
      } catch (error) {
        if (error instanceof FormatError) return 'malformed';
        throw error;
      }
    };
    expect(verifyMsi(msi)).toBe('valid');
    const started = Date.now();
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: msi.length - 1 }), fc.integer({ min: 1, max: 255 })), {
          minLength: 1,
          maxLength: 3,
        }),
        (edits) => {
          const bytes = new Uint8Array(msi);
          for (const [at, flip] of edits) bytes[at]! ^= flip;
          const outcome = verifyMsi(bytes);
          // Free sectors, unused directory slots and sector padding are outside any signature, so
          // the claim is: verified only when the signed content digest is still the same.
          if (outcome === 'valid') {
            expect(msiContentDigests(readMsiBytes(bytes), bytes, ['sha256'])).toEqual(
              msiContentDigests(readMsiBytes(msi), msi, ['sha256']),
            );
          }
        },
      ),
      { numRuns: 150 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 512, maxLength: 4096 }), (tail) => {
        const bytes = Buffer.concat([msi.subarray(0, 512), tail]);
        onlyFormatErrors(() => readMsiBytes(bytes));
      }),
      { numRuns: 300 },
    );
    expect(Date.now() - started).toBeLessThan(40_000);
  });

  it('a huge declared table, section count or entry length is refused without a huge allocation', () => {
    const bytes = Buffer.from(signed);
    const optional = bytes.readUInt32LE(0x3c) + 24;
    bytes.writeUInt32LE(0xfffffff0, optional + 112 + 36);
    expect(() => readPeLayout(bytes, bytes.length)).toThrow(FormatError);
    const sections = Buffer.from(signed);
    sections.writeUInt16LE(0xffff, sections.readUInt32LE(0x3c) + 6);
    expect(() => readPeLayout(sections, sections.length)).toThrow(/sections/);
    const entry = new Uint8Array(16);
    new DataView(entry.buffer).setUint32(0, 0xffffffff, true);
    expect(() => readWinCertificates(entry)).toThrow(/impossible length/);
  });
});

/** Where the first section header starts: after the PE signature, file header and optional header. */
function sectionTableOffset(pe: Uint8Array): number {
  const bytes = Buffer.from(pe);
  const peAt = bytes.readUInt32LE(0x3c);
  const optionalSize = bytes.readUInt16LE(peAt + 20);
  return peAt + 24 + optionalSize;
}
