import fc from 'fast-check';
import { encryptKey, generateKey } from 'openpgp';
import { beforeAll, describe, expect, it } from 'vitest';
import { SignetError } from '../../electron/core/errors';
import { openImportedKey, readOpenPgpSecretKey } from '../../electron/core/formats/openpgp-keys';

/**
 * The secret-key import under damaged packets, huge lengths, unknown S2K and unknown critical
 * subpackets: every input is either a key Signet opens or a SignetError with one plain sentence,
 * never another exception, never a hang.
 */
const RUNS = { numRuns: 250 };
let key: Uint8Array;

beforeAll(async () => {
  const { privateKey } = await generateKey({
    type: 'ecc',
    curve: 'ed25519Legacy',
    userIDs: [{ name: 'Fuzz', email: 'fuzz@example.org' }],
    format: 'object',
  });
  // A cheap S2K, so each run that gets as far as decrypting costs little.
  key = (await encryptKey({ privateKey, passphrase: 'pw', config: { s2kIterationCountByte: 0 } })).write();
});

async function outcome(bytes: Uint8Array): Promise<string> {
  try {
    const read = await readOpenPgpSecretKey(bytes);
    await openImportedKey(read, 'pw', undefined);
    return 'opened';
  } catch (error) {
    if (!(error instanceof SignetError)) throw error;
    expect(error.message).not.toMatch(/\n/);
    expect(error.message.length).toBeGreaterThan(10);
    return 'refused';
  }
}

describe('importing a damaged OpenPGP secret key', () => {
  it('the undamaged key opens (so the refusals below are about the damage)', async () => {
    expect(await outcome(key)).toBe('opened');
  });

  it('flipped bytes, truncations and huge lengths: opened or refused with a sentence', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }),
        fc.option(fc.nat(), { nil: undefined }),
        async (flips, cut) => {
          const bytes = new Uint8Array(key);
          for (const [at, xor] of flips) bytes[at % bytes.length] = (bytes[at % bytes.length] ?? 0) ^ xor;
          await outcome(cut === undefined ? bytes : bytes.subarray(0, cut % bytes.length));
        },
      ),
      RUNS,
    );
  }, 60_000);

  it('a packet claiming four gigabytes, an unknown S2K, an unknown critical subpacket', async () => {
    const huge = new Uint8Array([0xc5, 0xff, 0xff, 0xff, 0xff, 0xff, ...key.subarray(3)]);
    expect(await outcome(huge)).toBe('refused');
    const s2k = new Uint8Array(key);
    // Usage 254, AES-256 (9), then the S2K type (3, iterated and salted) made one no one defined.
    const at = s2k.findIndex((b, i) => b === 3 && s2k[i - 1] === 9 && s2k[i - 2] === 254);
    expect(at).toBeGreaterThan(0);
    s2k[at] = 0x65;
    expect(await outcome(s2k)).toBe('refused');
    // The self-signature's hashed creation-time subpacket (type 2) made critical and unknown (0x6e).
    const critical = new Uint8Array(key);
    const sub = critical.findIndex((b, i) => b === 0x05 && critical[i + 1] === 0x02 && i > 40);
    critical[sub + 1] = 0x80 | 0x6e;
    expect(await outcome(critical)).toBe('refused');
  });
});
