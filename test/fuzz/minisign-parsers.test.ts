import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ed25519Sign } from '../../electron/core/crypto/ed25519';
import { FormatError, SignetError } from '../../electron/core/errors';
import { scryptParametersFor } from '../../electron/core/formats/minisign/kdf';
import {
  formatMinisignPublicKey,
  parseMinisignPublicKey,
} from '../../electron/core/formats/minisign/public-key';
import {
  formatMinisignSecretKey,
  generateMinisignKeyPair,
  isEncryptedMinisignSecretKey,
  parseAndDecryptMinisignSecretKey,
  parseMinisignSecretKey,
} from '../../electron/core/formats/minisign/secret-key';
import {
  formatMinisignSignature,
  globallySignedBytes,
  type MinisignSignature,
  parseMinisignSignature,
  verifyMinisignSignature,
} from '../../electron/core/formats/minisign/signature';
import { minisignSignatureText } from '../../electron/core/formats/minisign/signing';

const RUNS = 500;

/** Calls `parse` and passes when it returns or throws a FormatError/SignetError; anything else fails. */
function onlyOurErrors(parse: () => unknown): void {
  try {
    parse();
  } catch (error) {
    if (!(error instanceof FormatError || error instanceof SignetError)) throw error;
  }
}

async function onlyOurErrorsAsync(parse: () => Promise<unknown>): Promise<void> {
  try {
    await parse();
  } catch (error) {
    if (!(error instanceof FormatError || error instanceof SignetError)) throw error;
  }
}

const blake = (data: Uint8Array) => new Uint8Array(createHash('blake2b512').update(data).digest());
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** Text that looks like minisign files often enough to get past the first checks. */
const fragment = fc.oneof(
  fc.constantFrom(
    'untrusted comment: ',
    'trusted comment: ',
    '\n',
    '\r\n',
    '\r',
    '=',
    'RWQ',
    'RUR',
    ' ',
    '\0',
    '\ufeff',
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.uint8Array({ maxLength: 160 }).map(b64),
  fc
    .tuple(
      fc.constantFrom('Ed', 'ED', 'Sc', 'EdScB2', 'Ed\0\0B2'),
      fc.uint8Array({ minLength: 40, maxLength: 156 }),
    )
    .map(([head, rest]) => b64(Buffer.concat([Buffer.from(head, 'latin1'), rest]))),
);
const lookalikeText = fc.array(fragment, { maxLength: 12 }).map((parts) => parts.join(''));
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc.string({ maxLength: 400 }),
  lookalikeText,
);
const anyBytes = fc.oneof(
  fc.uint8Array({ maxLength: 600 }),
  lookalikeText.map((t) => new Uint8Array(Buffer.from(t, 'utf8'))),
);

/** Well-formed files with random contents: every field has the right size, values are random. */
const structuredSignature = fc
  .tuple(
    fc.constantFrom('ED', 'Ed', 'EE', '\0\0'),
    fc.uint8Array({ minLength: 72, maxLength: 72 }),
    fc.uint8Array({ minLength: 64, maxLength: 64 }),
    fc.string({ maxLength: 60 }),
  )
  .map(
    ([alg, rest, global, comment]) =>
      `untrusted comment: x\n${b64(Buffer.concat([Buffer.from(alg, 'latin1'), rest]))}\ntrusted comment: ${comment}\n${b64(global)}\n`,
  );

const structuredSecretKey = fc
  .tuple(
    fc.constantFrom('Ed', 'EE'),
    fc.constantFrom('Sc', '\0\0', 'Ar'),
    fc.constantFrom('B2', 'B3'),
    fc.uint8Array({ minLength: 32, maxLength: 32 }),
    fc.integer({ min: 0, max: 2 ** 17 }),
    fc.integer({ min: 0, max: 2 ** 21 }),
    fc.uint8Array({ minLength: 104, maxLength: 104 }),
  )
  .map(([alg, kdf, chk, salt, ops, mem, sealed]) => {
    const limits = Buffer.alloc(16);
    limits.writeBigUInt64LE(BigInt(ops), 0);
    limits.writeBigUInt64LE(BigInt(mem), 8);
    const head = Buffer.from(`${alg}${kdf}${chk}`, 'latin1');
    return `untrusted comment: k\n${b64(Buffer.concat([head, salt, limits, sealed]))}\n`;
  });

describe('minisign parsers only ever throw FormatError or SignetError', () => {
  it('public keys', () => {
    fc.assert(
      fc.property(anyText, (text) => onlyOurErrors(() => parseMinisignPublicKey(text))),
      { numRuns: RUNS },
    );
  });

  it('signatures, from text and from bytes', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, structuredSignature), (text) =>
        onlyOurErrors(() => parseMinisignSignature(text)),
      ),
      { numRuns: RUNS },
    );
    fc.assert(
      fc.property(anyBytes, (bytes) => onlyOurErrors(() => parseMinisignSignature(bytes))),
      { numRuns: RUNS },
    );
  });

  it('secret keys: structure', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, structuredSecretKey), (text) => {
        onlyOurErrors(() => parseMinisignSecretKey(text));
        onlyOurErrors(() => isEncryptedMinisignSecretKey(text));
      }),
      { numRuns: RUNS },
    );
    fc.assert(
      fc.property(anyBytes, (bytes) => onlyOurErrors(() => parseMinisignSecretKey(bytes))),
      { numRuns: RUNS },
    );
  });

  it('secret keys: decryption of well-formed files with random contents never opens them', async () => {
    await fc.assert(
      fc.asyncProperty(
        structuredSecretKey,
        fc.option(fc.string({ maxLength: 20 })),
        async (text, passphrase) => {
          let opened = false;
          await onlyOurErrorsAsync(async () => {
            await parseAndDecryptMinisignSecretKey(text, passphrase ?? undefined);
            opened = true;
          });
          expect(opened).toBe(false);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('key-derivation limits of any size', () => {
    const limit = fc.oneof(
      fc.integer({ min: -10, max: 2 ** 40 }),
      fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, 2 ** 64, 0.5),
      fc.double(),
    );
    fc.assert(
      fc.property(limit, limit, (opsLimit, memLimit) => {
        try {
          const { N, r, p } = scryptParametersFor({ opsLimit, memLimit });
          expect(Number.isInteger(Math.log2(N)) && N >= 2 && r === 8 && p >= 1).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(FormatError);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe('no single changed character or byte of signed material ever verifies', () => {
  const key = generateMinisignKeyPair();
  const message = new Uint8Array(Buffer.from('Signet release 1.2.3\nfor everyone\n'));
  const trustedComment = 'timestamp:1700000000\tfile:release.tar.gz\thashed';
  const hashedText = minisignSignatureText(blake(message), key, trustedComment);
  const legacyText = (() => {
    const signature = ed25519Sign(message, key.seed);
    const sig: MinisignSignature = {
      algorithm: 'Ed',
      keyNum: key.keyNum,
      signature,
      untrustedComment: 'signature from minisign secret key',
      trustedComment: 'timestamp:1700000000\tfile:release.tar.gz',
      globalSignature: ed25519Sign(
        globallySignedBytes(signature, 'timestamp:1700000000\tfile:release.tar.gz'),
        key.seed,
      ),
    };
    return formatMinisignSignature(sig);
  })();
  const publicKeyText = formatMinisignPublicKey(key);

  const verifies = (signatureText: string | Uint8Array, publicText: string, data: Uint8Array): boolean => {
    let sig: MinisignSignature;
    let publicKey: ReturnType<typeof parseMinisignPublicKey>;
    try {
      sig = parseMinisignSignature(signatureText);
      publicKey = parseMinisignPublicKey(publicText);
    } catch (error) {
      if (error instanceof FormatError) return false;
      throw error;
    }
    return verifyMinisignSignature(sig, publicKey, { blake2b512: blake(data), message: data }).ok;
  };

  /** Positions worth changing: everything except the untrusted comment's own text, which nobody signed. */
  const signedPositions = (text: string) => {
    const firstLineEnd = text.indexOf('\n');
    return Array.from({ length: text.length }, (_, i) => i).filter(
      (i) => i < 'untrusted comment: '.length || i >= firstLineEnd,
    );
  };

  // Mostly base64 letters, which are the near misses a lenient decoder would let through.
  const replacement = fc.oneof(
    fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ \r\n\t'),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  );
  const flip = fc.oneof(fc.constantFrom(1, 2, 4, 8, 16, 32, 64, 128), fc.integer({ min: 1, max: 255 }));

  it('the originals verify (so the properties below test something)', () => {
    expect(verifies(hashedText, publicKeyText, message)).toBe(true);
    expect(verifies(legacyText, publicKeyText, message)).toBe(true);
  });

  it('the untrusted comment is not signed: editing it changes nothing (and is never shown as fact)', () => {
    expect(
      verifies(hashedText.replace('signature from signet', 'signed by the Pope'), publicKeyText, message),
    ).toBe(true);
  });

  for (const [label, text] of [
    ['a prehashed (ED) signature', hashedText],
    ['a legacy (Ed) signature', legacyText],
  ] as const) {
    it(`${label}: any character changed`, () => {
      const positions = signedPositions(text);
      fc.assert(
        fc.property(fc.constantFrom(...positions), replacement, (index, ch) => {
          fc.pre(ch !== text[index]);
          const mutated = text.slice(0, index) + ch + text.slice(index + 1);
          expect(verifies(mutated, publicKeyText, message)).toBe(false);
        }),
        { numRuns: 2000 },
      );
    });

    it(`${label}: any byte changed`, () => {
      const bytes = Buffer.from(text, 'utf8');
      const firstLineEnd = bytes.indexOf(0x0a);
      fc.assert(
        fc.property(fc.nat({ max: bytes.length - 1 }), flip, (index, xor) => {
          fc.pre(index < 'untrusted comment: '.length || index >= firstLineEnd);
          const mutated = Buffer.from(bytes);
          mutated[index]! ^= xor;
          expect(verifies(new Uint8Array(mutated), publicKeyText, message)).toBe(false);
        }),
        { numRuns: 2000 },
      );
    });
  }

  it('the public key: any character of its key line or prefix changed', () => {
    const positions = signedPositions(publicKeyText);
    fc.assert(
      fc.property(fc.constantFrom(...positions), replacement, (index, ch) => {
        fc.pre(ch !== publicKeyText[index]);
        const mutated = publicKeyText.slice(0, index) + ch + publicKeyText.slice(index + 1);
        expect(verifies(hashedText, mutated, message)).toBe(false);
        expect(verifies(legacyText, mutated, message)).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('the signed file: any byte changed, dropped or added', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: message.length - 1 }),
        fc.integer({ min: 1, max: 255 }),
        fc.constantFrom('change', 'drop', 'add'),
        (index, value, how) => {
          const bytes = Buffer.from(message);
          const mutated =
            how === 'change'
              ? (() => {
                  bytes[index]! ^= value;
                  return bytes;
                })()
              : how === 'drop'
                ? Buffer.concat([bytes.subarray(0, index), bytes.subarray(index + 1)])
                : Buffer.concat([bytes.subarray(0, index), Buffer.from([value]), bytes.subarray(index)]);
          const data = new Uint8Array(mutated);
          expect(verifies(hashedText, publicKeyText, data)).toBe(false);
          expect(verifies(legacyText, publicKeyText, data)).toBe(false);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('a secret key file with one character changed never opens to a different key', async () => {
    const text = await formatMinisignSecretKey(key, undefined);
    const positions = signedPositions(text);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...positions), replacement, (index, ch) => {
        fc.pre(ch !== text[index]);
        const mutated = text.slice(0, index) + ch + text.slice(index + 1);
        return parseAndDecryptMinisignSecretKey(mutated, undefined).then(
          (opened) => {
            // Only the unused KDF header fields of an unencrypted key may change without harm.
            expect(opened).toEqual(key);
          },
          (error: unknown) => {
            expect(error).toBeInstanceOf(FormatError);
          },
        );
      }),
      { numRuns: 300 },
    );
  });
});
