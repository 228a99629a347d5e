import { createMessage, generateKey, type PrivateKey, readPrivateKey, sign } from 'openpgp';
import { beforeAll, describe, expect, it } from 'vitest';
import { FormatError } from '../../electron/core/errors';
import type { FormatCheck } from '../../electron/core/formats/format-module';
import { openpgpModule } from '../../electron/core/formats/openpgp/module';
import { digestBytesWithSuffixes } from '../../electron/core/formats/openpgp/suffixed-digest';
import { type OpenPgpTrustEntry, openPgpTrustEntries } from '../../electron/core/formats/openpgp/trust-entry';
import { refuseAllPolicy, standardPolicy, type VerifyPolicy } from '../../electron/core/policy/verify-policy';
import { certificateMadeSignature } from '../helpers/openpgp-made-signature';

/**
 * The module over keys openpgp.js makes at test time: the algorithms gpg 2.2 cannot make (v6
 * Ed25519, ECDSA on the NIST curves) and the rules that need no oracle.
 */
const CONTENT = new TextEncoder().encode('release 1.0\n'.repeat(100));

interface Signer {
  key: PrivateKey;
  entry: OpenPgpTrustEntry;
}

async function makeSigner(
  name: string,
  options: Omit<Parameters<typeof generateKey>[0], 'userIDs' | 'format'>,
): Promise<Signer> {
  const { privateKey } = await generateKey({
    ...options,
    userIDs: [{ name, email: 'x@example.org' }],
    format: 'armored',
  });
  const key = await readPrivateKey({ armoredKey: privateKey });
  const [entry] = await openPgpTrustEntries(key.toPublic().armor(), { name, source: 'user', addedAt: 'now' });
  return { key, entry: entry as OpenPgpTrustEntry };
}

async function detached(signer: Signer, content = CONTENT): Promise<Uint8Array> {
  const message = await createMessage({ binary: content });
  return (await sign({ message, signingKeys: signer.key, detached: true, format: 'binary' })) as Uint8Array;
}

async function check(
  sigBytes: Uint8Array,
  trust: readonly OpenPgpTrustEntry[],
  content = CONTENT,
  policy: VerifyPolicy = standardPolicy(),
): Promise<FormatCheck> {
  const parsed = openpgpModule.parse(sigBytes);
  const suffixed = digestBytesWithSuffixes(content, parsed.needs);
  return openpgpModule.check(
    parsed,
    { size: content.length, digests: {}, suffixed },
    {
      trust,
      material: { caRoots: [] },
      policy,
      what: 'The file',
    },
  );
}

const signers: Record<string, Signer> = {};

beforeAll(async () => {
  signers.v6 = await makeSigner('V6', { type: 'curve25519', config: { v6Keys: true } });
  signers.legacy = await makeSigner('Legacy', { type: 'ecc', curve: 'ed25519Legacy' });
  signers.p256 = await makeSigner('P256', { type: 'ecc', curve: 'nistP256' });
  signers.p384 = await makeSigner('P384', { type: 'ecc', curve: 'nistP384' });
  signers.p521 = await makeSigner('P521', { type: 'ecc', curve: 'nistP521' });
});

describe('algorithms over a digest from the one read', () => {
  for (const id of ['v6', 'legacy', 'p256', 'p384', 'p521']) {
    it(`${id}: verified, and one changed byte is tampered`, async () => {
      const signer = signers[id] as Signer;
      const sig = await detached(signer);
      const good = await check(sig, [signer.entry]);
      expect(good.outcome, good.reason).toBe('valid');
      expect(good.signerName).toBe(signer.entry.name);
      const changed = Uint8Array.from(CONTENT);
      changed[5] = (changed[5] ?? 0) ^ 1;
      expect((await check(sig, [signer.entry], changed)).outcome).toBe('invalid');
    });
  }

  it('a v6 signature asks for its salt as a prefix', async () => {
    const parsed = openpgpModule.parse(await detached(signers.v6 as Signer));
    const need = parsed.needs[0];
    if (need?.kind !== 'hash-then-suffix') throw new Error('expected a hash-then-suffix need');
    // RFC 9580 table 23: the salt is as long as half the digest.
    const saltLength = { sha256: 16, sha384: 24, sha512: 32 } as Record<string, number>;
    expect(need.prefix?.length).toBe(saltLength[need.algorithm]);
  });
});

describe('trust and policy', () => {
  it('no trusted signer: unknown-signer, naming the key by its fingerprint', async () => {
    const result = await check(await detached(signers.p256 as Signer), [(signers.p384 as Signer).entry]);
    expect(result.outcome).toBe('unknown-signer');
    expect(result.signerName).toBeUndefined();
    expect(result.reason).toMatch(/not one of your trusted signers/);
  });

  it('an entry lends its name only to the certificate whose fingerprint it holds', async () => {
    const p256 = signers.p256 as Signer;
    const lying = {
      ...(signers.p384 as Signer).entry,
      certificate: p256.entry.certificate,
      name: 'Impostor',
    };
    expect((await check(await detached(p256), [lying])).outcome).toBe('unknown-signer');
  });

  it('refuseAllPolicy never lets a signature verify', async () => {
    const signer = signers.legacy as Signer;
    const result = await check(await detached(signer), [signer.entry], CONTENT, refuseAllPolicy);
    expect(result.outcome).not.toBe('valid');
    expect(openpgpModule.precheck?.(openpgpModule.parse(await detached(signer)), refuseAllPolicy).ok).toBe(
      false,
    );
  });

  it('a signature dated after the reference time is not trusted', async () => {
    const signer = signers.p256 as Signer;
    const past = standardPolicy({ at: new Date(Date.now() - 86_400_000) });
    const result = await check(await detached(signer), [signer.entry], CONTENT, past);
    expect(result.outcome).toBe('unknown-signer');
    expect(result.rule).toBe('not-yet-valid');
  });
});

describe('certificates for the trust list', () => {
  it('takes several certificates from one armored or binary file, one entry each', async () => {
    const a = (signers.p256 as Signer).key.toPublic();
    const b = (signers.v6 as Signer).key.toPublic();
    const armored = `${a.armor()}\n${b.armor()}`;
    const entries = await openPgpTrustEntries(armored, { name: 'Both', source: 'user', addedAt: 'now' });
    expect(entries.map((e) => e.fingerprint)).toEqual(
      [a.getFingerprint(), b.getFingerprint()].map((f) => f.toUpperCase()),
    );
    const binary = new Uint8Array(Buffer.concat([a.write(), b.write()]));
    expect(await openPgpTrustEntries(binary, { name: 'Both', source: 'user', addedAt: 'now' })).toHaveLength(
      2,
    );
  });

  it('refuses a secret key, with words that say why', async () => {
    const secret = (signers.p256 as Signer).key.armor();
    await expect(openPgpTrustEntries(secret, { name: 'x', source: 'user', addedAt: 'now' })).rejects.toThrow(
      /secret key/,
    );
  });

  it('refuses things that are not keys with a FormatError', async () => {
    await expect(
      openPgpTrustEntries('hello', { name: 'x', source: 'user', addedAt: 'now' }),
    ).rejects.toBeInstanceOf(FormatError);
  });
});

describe('trust this signer from a verdict', () => {
  it('accepts only a certificate whose key made the signature over this content', async () => {
    const signer = signers.p256 as Signer;
    const parsed = openpgpModule.parse(await detached(signer));
    const facts = (content: Uint8Array) => ({
      size: content.length,
      digests: {},
      suffixed: digestBytesWithSuffixes(content, parsed.needs),
    });
    expect(await certificateMadeSignature(parsed, facts(CONTENT), signer.entry)).toBe(true);
    expect(await certificateMadeSignature(parsed, facts(CONTENT), (signers.p384 as Signer).entry)).toBe(
      false,
    );
    const changed = Uint8Array.from(CONTENT);
    changed[0] = (changed[0] ?? 0) ^ 1;
    expect(await certificateMadeSignature(parsed, facts(changed), signer.entry)).toBe(false);
  });
});

describe('one parsed signature, several checks at once', () => {
  it('each check sees only its own digest', async () => {
    const signer = signers.legacy as Signer;
    const parsed = openpgpModule.parse(await detached(signer));
    const changed = Uint8Array.from(CONTENT);
    changed[1] = (changed[1] ?? 0) ^ 1;
    const run = (content: Uint8Array) =>
      openpgpModule.check(
        parsed,
        { size: content.length, digests: {}, suffixed: digestBytesWithSuffixes(content, parsed.needs) },
        { trust: [signer.entry], material: { caRoots: [] }, policy: standardPolicy(), what: 'The file' },
      );
    const outcomes = await Promise.all([run(CONTENT), run(changed), run(CONTENT), run(changed)]);
    expect(outcomes.map((o) => o.outcome)).toEqual(['valid', 'invalid', 'valid', 'invalid']);
  });
});
