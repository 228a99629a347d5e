import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { SignetError } from '../../electron/core/errors';
import { authenticodeModule } from '../../electron/core/formats/authenticode/module';
import { peImageDigestsOf } from '../../electron/core/formats/authenticode/pe-image-digest';
import type { EmbeddedReader } from '../../electron/core/formats/format-module';
import { planFor, readBytes } from '../../electron/core/verify/content-facts';
import { verifyArtifact } from '../../electron/core/verify/verify-artifact';
import { authenticodeFixture } from '../formats/fixture-authenticode';
import { tempDir } from '../helpers/temp-dir';

/** An EmbeddedReader over bytes in memory, as verify/embedded.ts gives one over a descriptor. */
const readerOf = (bytes: Uint8Array): EmbeddedReader => ({
  size: bytes.length,
  read: (offset, length) => bytes.slice(offset, Math.min(bytes.length, offset + length)),
});

let fixture: ReturnType<typeof authenticodeFixture>;
let dir: string;
beforeAll(async () => {
  fixture = authenticodeFixture();
  dir = await tempDir('signet-ac-embedded-');
});

describe('the Authenticode embedded hook', () => {
  it('asks for ranged hashes that equal the Authenticode image digest computed on its own', () => {
    const sig = authenticodeModule.embedded?.(readerOf(fixture.signature));
    expect(sig?.needs.map((n) => n.kind)).toEqual(['ranged-hash']);
    const { plan, split } = planFor([sig?.needs ?? []], []);
    const [facts] = split(readBytes(fixture.signature, plan));
    const expected = peImageDigestsOf(fixture.signature, ['sha256']).sha256;
    expect(Buffer.from(facts?.ranged?.[0] ?? []).toString('hex')).toBe(
      Buffer.from(expected ?? []).toString('hex'),
    );
  });

  it('finds nothing in a file that is not a Windows program, and nothing in an unsigned one', () => {
    expect(authenticodeModule.embedded?.(readerOf(new Uint8Array(5000)))).toBeUndefined();
    expect(
      authenticodeModule.embedded?.(readerOf(new TextEncoder().encode('MZ but nothing more'))),
    ).toBeUndefined();
  });

  it('a large OLE file is read by its structure, not whole: a damaged one is refused after small reads', () => {
    const big = new Uint8Array(64 * 1024 * 1024);
    big.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    let read = 0;
    const reader = readerOf(big);
    const counting: EmbeddedReader = {
      size: reader.size,
      read: (offset, length) => {
        read += length;
        return reader.read(offset, length);
      },
    };
    expect(() => authenticodeModule.embedded?.(counting)).toThrow(/installer package is damaged/);
    // The recognising head (64 KiB) and the header sector.
    expect(read).toBeLessThanOrEqual(64 * 1024 + 512);
  });

  it('garbled or cut-short programs: undefined, a parsed signature or a SignetError, never anything else', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: fixture.signature.length - 1 }),
        fc.uint8Array({ minLength: 1, maxLength: 16 }),
        fc.boolean(),
        (at, junk, cut) => {
          const bytes = cut ? fixture.signature.slice(0, at) : new Uint8Array(fixture.signature);
          if (!cut) bytes.set(junk.subarray(0, bytes.length - at), at);
          try {
            authenticodeModule.embedded?.(readerOf(bytes));
          } catch (error) {
            expect(error).toBeInstanceOf(SignetError);
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('verifyArtifact: a program cut short is never verified and never throws', async () => {
    const trusted = [{ ...fixture.trust, source: 'user' as const }] as never;
    const whole = join(dir, 'whole.exe');
    await writeFile(whole, fixture.signature);
    expect((await verifyArtifact(whole, { trusted })).verdict).toBe('verified');
    for (const keep of [1, 64, 300, 600, fixture.signature.length - 9, fixture.signature.length - 1]) {
      const file = join(dir, `cut-${keep}.exe`);
      await writeFile(file, fixture.signature.subarray(0, keep));
      const result = await verifyArtifact(file, { trusted });
      expect(result.verdict, `${keep} bytes`).not.toBe('verified');
      expect(result.reason.split('\n')).toHaveLength(1);
    }
  });
});
