import fc from 'fast-check';
import { createCleartextMessage, createMessage, generateKey, readPrivateKey, sign } from 'openpgp';
import { beforeAll, describe, expect, it } from 'vitest';
import { FormatError, SignetError } from '../../electron/core/errors';
import { dearmorAll } from '../../electron/core/formats/openpgp/armor';
import { readCertificates } from '../../electron/core/formats/openpgp/certificate';
import { openpgpModule } from '../../electron/core/formats/openpgp/module';
import { readPackets } from '../../electron/core/formats/openpgp/packets';
import type { OpenPgpParsed } from '../../electron/core/formats/openpgp/parse-signature';
import { digestBytesWithSuffixes } from '../../electron/core/formats/openpgp/suffixed-digest';
import { type OpenPgpTrustEntry, openPgpTrustEntries } from '../../electron/core/formats/openpgp/trust-entry';
import { standardPolicy } from '../../electron/core/policy/verify-policy';

/**
 * The armor, packet, cleartext and certificate readers under random and mutated input: they fail
 * only with a FormatError, never hang, and nothing that was changed in its signed parts verifies.
 */
const RUNS = { numRuns: 1500 };
const CHECK_RUNS = { numRuns: 300 };
const CONTENT = new TextEncoder().encode('SHA256SUMS body\nabc  file.tar\n');

function onlyFormatErrors(read: () => unknown): void {
  try {
    read();
  } catch (error) {
    if (!(error instanceof FormatError) && !(error instanceof SignetError)) throw error;
    expect((error as Error).message).not.toMatch(/\n/);
  }
}

let binarySig: Uint8Array;
let armoredSig: string;
let clearSigned: string;
let publicArmored: string;
let entry: OpenPgpTrustEntry;

beforeAll(async () => {
  const { privateKey } = await generateKey({
    type: 'ecc',
    curve: 'ed25519Legacy',
    userIDs: [{ name: 'Fuzz', email: 'fuzz@example.org' }],
    format: 'armored',
  });
  const key = await readPrivateKey({ armoredKey: privateKey });
  publicArmored = key.toPublic().armor();
  const message = await createMessage({ binary: CONTENT });
  binarySig = (await sign({ message, signingKeys: key, detached: true, format: 'binary' })) as Uint8Array;
  armoredSig = (await sign({ message, signingKeys: key, detached: true })) as string;
  clearSigned = await sign({
    message: await createCleartextMessage({ text: 'abc  file.tar\n- dashed\n' }),
    signingKeys: key,
  });
  [entry] = (await openPgpTrustEntries(publicArmored, { name: 'Fuzz', source: 'user', addedAt: 'now' })) as [
    OpenPgpTrustEntry,
  ];
});

function mutate(bytes: Uint8Array, edits: { at: number; value: number }[], cut: number | null): Uint8Array {
  const out = Uint8Array.from(bytes);
  for (const { at, value } of edits) out[at % Math.max(out.length, 1)] = value;
  return cut === null ? out : out.subarray(0, cut % (out.length + 1));
}

const edits = fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), {
  maxLength: 4,
});

describe('readers fail only with FormatError', () => {
  it('random bytes and text', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.string({ maxLength: 300 }), (bytes, text) => {
        onlyFormatErrors(() => readPackets(bytes));
        onlyFormatErrors(() => dearmorAll(text));
        onlyFormatErrors(() => openpgpModule.parse(bytes));
        onlyFormatErrors(() =>
          openpgpModule.parse(new TextEncoder().encode(`-----BEGIN PGP SIGNATURE-----\n${text}`)),
        );
        expect(typeof openpgpModule.recognise(bytes)).toBe('boolean');
      }),
      RUNS,
    );
  });

  it('mutated and cut binary, armored and cleartext signatures', () => {
    fc.assert(
      fc.property(edits, fc.option(fc.nat()), fc.constantFrom(0, 1, 2), (changes, cut, which) => {
        const source =
          which === 0 ? binarySig : new TextEncoder().encode(which === 1 ? armoredSig : clearSigned);
        onlyFormatErrors(() => openpgpModule.parse(mutate(source, changes, cut)));
      }),
      RUNS,
    );
  });

  it('large hostile inputs end quickly with a FormatError', () => {
    const inputs = [
      `-----BEGIN PGP SIGNATURE-----\n\n${'QUFB\n'.repeat(400_000)}-----END PGP SIGNATURE-----\n`,
      '-----BEGIN PGP SIGNATURE-----\n'.repeat(100_000),
      `-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n${'- a\n'.repeat(400_000)}`,
      `${'\n'.repeat(1_000_000)}-----BEGIN PGP SIGNATURE-----`,
    ];
    for (const text of inputs) {
      const started = performance.now();
      expect(() => openpgpModule.parse(new TextEncoder().encode(text))).toThrow(FormatError);
      expect(performance.now() - started).toBeLessThan(5000);
    }
    const packets = new Uint8Array(2_000_000).fill(0xc2).map((v, i) => (i % 2 ? 0 : v));
    expect(() => openpgpModule.parse(packets)).toThrow(FormatError);
  });

  it('mutated certificates', async () => {
    const bytes = new TextEncoder().encode(publicArmored);
    await fc.assert(
      fc.asyncProperty(edits, fc.option(fc.nat()), async (changes, cut) => {
        try {
          await readCertificates(mutate(bytes, changes, cut));
        } catch (error) {
          if (!(error instanceof FormatError)) throw error;
        }
      }),
      { numRuns: 300 },
    );
  });
});

/** The parts of a signature its validity rests on: hashed data and the signature values. */
function signedParts(parsed: OpenPgpParsed): string {
  return parsed.signatures
    .map((s) => {
      const params = s.packet as unknown as { params: Record<string, Uint8Array> };
      return [
        Buffer.from(s.packet.signatureData ?? []).toString('hex'),
        ...Object.values(params.params ?? {}).map((v) => Buffer.from(v).toString('hex')),
      ].join('/');
    })
    .join('|');
}

describe('nothing changed ever verifies', () => {
  it('a mutated detached signature verifies only if its signed parts are untouched', async () => {
    const original = signedParts(openpgpModule.parse(binarySig));
    await fc.assert(
      fc.asyncProperty(edits, fc.option(fc.nat()), fc.option(fc.nat()), async (changes, cut, flip) => {
        let parsed: OpenPgpParsed;
        try {
          parsed = openpgpModule.parse(mutate(binarySig, changes, cut));
        } catch {
          return;
        }
        const content = Uint8Array.from(CONTENT);
        if (flip !== null) {
          const at = flip % content.length;
          content[at] = (content[at] ?? 0) ^ 0x20;
        }
        const result = await openpgpModule.check(
          parsed,
          { size: content.length, digests: {}, suffixed: digestBytesWithSuffixes(content, parsed.needs) },
          { trust: [entry], material: { caRoots: [] }, policy: standardPolicy(), what: 'The file' },
        );
        if (result.outcome === 'valid') {
          expect(flip).toBeNull();
          expect(signedParts(parsed)).toBe(original);
        }
      }),
      CHECK_RUNS,
    );
  });

  it('a cleartext message with changed text never verifies', async () => {
    const originalText = Buffer.from(
      openpgpModule.parse(new TextEncoder().encode(clearSigned)).carriedMessage ?? [],
    );
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.constantFrom('x', 'A', '0', ' -', '\t'), async (at, ch) => {
        const start = clearSigned.indexOf('\n\n') + 2;
        const end = clearSigned.indexOf('-----BEGIN PGP SIGNATURE-----');
        const i = start + (at % (end - start));
        const changed = clearSigned.slice(0, i) + ch + clearSigned.slice(i + 1);
        let parsed: OpenPgpParsed;
        try {
          parsed = openpgpModule.parse(new TextEncoder().encode(changed));
        } catch {
          return;
        }
        // Trailing blanks and line-end bytes may change without changing the signed text.
        const same = originalText.equals(Buffer.from(parsed.carriedMessage ?? []));
        const result = await openpgpModule.check(
          parsed,
          { size: 0, digests: {}, suffixed: [] },
          { trust: [entry], material: { caRoots: [] }, policy: standardPolicy(), what: 'The list' },
        );
        expect(result.outcome).toBe(same ? 'valid' : 'invalid');
      }),
      CHECK_RUNS,
    );
  });
});
