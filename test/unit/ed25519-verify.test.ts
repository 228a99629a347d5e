import * as ed from '@noble/ed25519';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ed25519PublicKey, ed25519Sign } from '../../electron/core/crypto/ed25519';
import { ed25519Verify } from '../../electron/core/crypto/ed25519-verify';

// ed25519.ts wires noble's SHA-512, so noble's own strict verify is the reference here.
const reference = (signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array) =>
  ed.verify(signature, message, publicKey, { zip215: false });

const ORDER = ed.Point.CURVE().n;
const FIELD = ed.Point.CURVE().p;
const le32 = (n: bigint) => new Uint8Array(Buffer.from(n.toString(16).padStart(64, '0'), 'hex').reverse());

/** The eight points of order dividing 8, as libsodium's blocklist encodes them (canonical ones). */
const SMALL_ORDER = [
  '0100000000000000000000000000000000000000000000000000000000000000',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  '0000000000000000000000000000000000000000000000000000000000000000',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85',
].map((text) => new Uint8Array(Buffer.from(text, 'hex')));

const signed = fc
  .record({
    seed: fc.uint8Array({ minLength: 32, maxLength: 32 }),
    message: fc.uint8Array({ maxLength: 200 }),
  })
  .map(({ seed, message }) => ({
    message,
    publicKey: ed25519PublicKey(seed),
    signature: ed25519Sign(message, seed),
  }));

describe('ed25519Verify without the base-point table', () => {
  it('accepts what noble signs and agrees with noble when any one bit is flipped', () => {
    fc.assert(
      fc.property(
        signed,
        fc.nat(),
        fc.constantFrom('signature', 'message', 'publicKey'),
        (sig, bit, part) => {
          expect(ed25519Verify(sig.signature, sig.message, sig.publicKey)).toBe(true);
          const mutated = { ...sig, [part]: Uint8Array.from(sig[part]) };
          const bytes = mutated[part];
          if (bytes.length === 0) return;
          bytes[(bit >> 3) % bytes.length]! ^= 1 << (bit & 7);
          const got = ed25519Verify(mutated.signature, mutated.message, mutated.publicKey);
          expect(got).toBe(reference(mutated.signature, mutated.message, mutated.publicKey));
          expect(got).toBe(false);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses S at or above the group order (the malleable twin of a good signature)', () => {
    fc.assert(
      fc.property(signed, (sig) => {
        const s = BigInt(`0x${Buffer.from(sig.signature.subarray(32)).reverse().toString('hex')}`);
        const twin = Uint8Array.from(sig.signature);
        twin.set(le32(s + ORDER), 32);
        expect(ed25519Verify(twin, sig.message, sig.publicKey)).toBe(false);
        expect(reference(twin, sig.message, sig.publicKey)).toBe(false);
      }),
      { numRuns: 10 },
    );
  });

  it('agrees with noble on small-order keys, S = 0 and non-canonical encodings', () => {
    const { signature, message, publicKey } = fc.sample(signed, { numRuns: 1, seed: 7 })[0]!;
    const nonCanonicalY = le32(FIELD + 1n); // y = p + 1 encodes 1 (the identity) non-canonically
    const cases: Array<[Uint8Array, Uint8Array]> = [
      ...SMALL_ORDER.map((key): [Uint8Array, Uint8Array] => [signature, key]),
      ...SMALL_ORDER.map((r): [Uint8Array, Uint8Array] => [
        new Uint8Array([...r, ...new Uint8Array(32)]),
        publicKey,
      ]),
      [new Uint8Array([...signature.subarray(0, 32), ...new Uint8Array(32)]), publicKey],
      [signature, nonCanonicalY],
      [new Uint8Array([...nonCanonicalY, ...signature.subarray(32)]), publicKey],
      [new Uint8Array([...signature.subarray(0, 32), ...le32(ORDER)]), publicKey],
      [signature, ed.Point.BASE.toBytes()],
    ];
    for (const [sig, key] of cases) {
      expect(ed25519Verify(sig, message, key)).toBe(reference(sig, message, key));
    }
    // A small-order key with R = identity and S = 0 satisfies the bare equation: strict rules refuse it.
    const identity = SMALL_ORDER[0]!;
    const trivial = new Uint8Array([...identity, ...new Uint8Array(32)]);
    expect(ed25519Verify(trivial, message, identity)).toBe(false);
  });

  it('refuses wrong lengths without throwing', () => {
    const { signature, message, publicKey } = fc.sample(signed, { numRuns: 1, seed: 3 })[0]!;
    expect(ed25519Verify(signature.subarray(0, 63), message, publicKey)).toBe(false);
    expect(ed25519Verify(signature, message, publicKey.subarray(0, 31))).toBe(false);
    expect(ed25519Verify(new Uint8Array(64), message, new Uint8Array(32))).toBe(false);
  });
});
