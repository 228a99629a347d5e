import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { enums, readPrivateKey } from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenPgpTrustEntry, openPgpTrustEntries } from '../../electron/core/formats/openpgp/trust-entry';
import { type GpgHome, makeGpgHome } from '../helpers/gpg';
import { gpgvTokens, signetCheck, sqvAccepts, type Verdict } from '../helpers/gpg-oracles';

/**
 * Signet's OpenPGP module against gpg/gpgv (status tokens) and sqv, on keys and signatures gpg
 * makes here and now. Times are faked (--faked-system-time) so expiry and revocation cases are real.
 */
const DAY = 86_400_000;
const NOW = Date.now();
const ago = (days: number) => new Date(NOW - days * DAY);

let h: GpgHome;
const fpr: Record<string, string> = {};
const trust: Record<string, OpenPgpTrustEntry> = {};
let data: string;
let otherData: string;

async function entryFor(name: string, fingerprint: string): Promise<OpenPgpTrustEntry> {
  const cert = (await h.exportCert(fingerprint)) as string;
  const [entry] = await openPgpTrustEntries(cert, {
    name,
    source: 'user',
    addedAt: new Date(NOW).toISOString(),
  });
  if (!entry) throw new Error('no entry');
  return entry;
}

async function sign(
  out: string,
  signer: string,
  file: string,
  options: { armor?: boolean; textmode?: boolean; digest?: string; time?: Date; clear?: boolean } = {},
): Promise<string> {
  const path = join(h.dir, out);
  const args = [
    '--yes',
    '-u',
    `${signer}!`,
    ...(options.armor ? ['--armor'] : []),
    ...(options.textmode ? ['--textmode'] : []),
    ...(options.digest ? ['--digest-algo', options.digest] : []),
    '--output',
    path,
    options.clear ? '--clearsign' : '--detach-sign',
    file,
  ];
  const result = await h.gpg(args, { time: options.time });
  if (result.status !== 0) throw new Error(`gpg sign failed: ${result.stderr}`);
  return path;
}

async function keyring(...fingerprints: string[]): Promise<Uint8Array> {
  const parts = await Promise.all(fingerprints.map((f) => h.exportCert(f, false) as Promise<Uint8Array>));
  return new Uint8Array(Buffer.concat(parts));
}

async function certFile(name: string, ...fingerprints: string[]): Promise<string> {
  const path = join(h.dir, `${name}.pgp`);
  await writeFile(path, await keyring(...fingerprints));
  return path;
}

beforeAll(async () => {
  h = await makeGpgHome();
  const born = ago(1000);
  fpr.alice = await h.genKey('Alice Release <alice@example.org>', 'ed25519', 'sign', '0', born);
  fpr.aliceSub = await h.addKey(fpr.alice, 'ed25519', 'sign', '0', ago(900));
  fpr.bob = await h.genKey('Bob Builder <bob@example.org>', 'rsa3072', 'sign', '0', born);
  fpr.mallory = await h.genKey('Alice Release <alice@example.org>', 'ed25519', 'sign', '0', born);
  fpr.weak = await h.genKey('Old RSA <old@example.org>', 'rsa1024', 'sign', '0', born);
  fpr.dsa = await h.genKey('Old DSA <dsa@example.org>', 'dsa2048', 'sign', '0', born);
  fpr.hard = await h.genKey('Hard Revoked <hard@example.org>', 'ed25519', 'sign', '0', born);
  fpr.soft = await h.genKey('Soft Revoked <soft@example.org>', 'ed25519', 'sign', '0', born);
  fpr.expiring = await h.genKey('Short Lived <short@example.org>', 'ed25519', 'sign', '1y', born);
  fpr.extended = await h.genKey('Extended <ext@example.org>', 'ed25519', 'cert', '0', born);
  fpr.extendedSub = await h.addKey(fpr.extended, 'ed25519', 'sign', '1y', born);

  data = await h.file('release.tar', 'pretend this is a release\n'.repeat(1000));
  otherData = await h.file('other.tar', 'another file\n');
  for (const [name, key] of Object.entries({
    Alice: 'alice',
    Bob: 'bob',
    Weak: 'weak',
    Dsa: 'dsa',
    Hard: 'hard',
    Soft: 'soft',
    Expiring: 'expiring',
  })) {
    trust[key] = await entryFor(name, fpr[key] as string);
  }
}, 120_000);

afterAll(() => h?.close());

interface Case {
  sig: string;
  data: string;
  trusted: string[];
  signet: Verdict;
  /** Status tokens gpgv must print (subset), and tokens it must not. */
  gpg: { has: string[]; not?: string[] };
  /** sqv's answer; 'differs' notes where Signet deliberately follows gpg instead. */
  sqv: boolean | 'skip';
}

async function expectCase(c: Case): Promise<void> {
  const entries = c.trusted.map((k) => trust[k] as OpenPgpTrustEntry);
  const signet = await signetCheck(c.sig, c.data, entries);
  expect(signet.verdict, signet.check?.reason).toBe(c.signet);
  const tokens = await gpgvTokens(
    await keyring(...c.trusted.map((k) => fpr[k] as string)),
    h.dir,
    c.sig,
    c.data,
  );
  for (const t of c.gpg.has) expect(tokens).toContain(t);
  for (const t of c.gpg.not ?? []) expect(tokens).not.toContain(t);
  if (c.sqv !== 'skip') {
    const cert = await certFile(`ring-${c.trusted.join('-')}`, ...c.trusted.map((k) => fpr[k] as string));
    expect(await sqvAccepts(cert, c.sig, c.data)).toBe(c.sqv);
  }
}

describe('detached signatures made by gpg', () => {
  it('Ed25519 primary key, binary .sig: verified, named from the trust list', async () => {
    const sig = await sign('ed.sig', fpr.alice as string, data);
    await expectCase({
      sig,
      data,
      trusted: ['alice'],
      signet: 'verified',
      gpg: { has: ['GOODSIG', 'VALIDSIG'] },
      sqv: true,
    });
    const { check } = await signetCheck(sig, data, [trust.alice as OpenPgpTrustEntry]);
    expect(check?.signerName).toBe('Alice');
    expect(check?.details).toContainEqual({
      label: 'The key says',
      value: 'Alice Release <alice@example.org>',
    });
    expect(check?.keyId?.replace(/ /g, '')).toBe(fpr.alice);
  });

  it('Ed25519 signing subkey, armored .asc: verified as the primary key', async () => {
    const sig = await sign('sub.asc', fpr.aliceSub as string, data, { armor: true });
    await expectCase({
      sig,
      data,
      trusted: ['alice'],
      signet: 'verified',
      gpg: { has: ['GOODSIG'] },
      sqv: true,
    });
    const { check } = await signetCheck(sig, data, [trust.alice as OpenPgpTrustEntry]);
    expect(check?.keyId?.replace(/ /g, '')).toBe(fpr.alice);
  });

  it('RSA-3072 with SHA-512, armored: verified', async () => {
    const sig = await sign('rsa.asc', fpr.bob as string, data, { armor: true, digest: 'SHA512' });
    await expectCase({
      sig,
      data,
      trusted: ['bob'],
      signet: 'verified',
      gpg: { has: ['GOODSIG'] },
      sqv: true,
    });
  });

  it('text mode (--textmode): verified; CRLF and LF files hash alike', async () => {
    const text = await h.file('notes.txt', 'line one\nline two  \nlast\n');
    const sig = await sign('notes.txt.sig', fpr.alice as string, text, { textmode: true });
    await expectCase({
      sig,
      data: text,
      trusted: ['alice'],
      signet: 'verified',
      gpg: { has: ['GOODSIG'] },
      sqv: true,
    });
    const crlf = await h.file('notes-crlf.txt', 'line one\r\nline two  \r\nlast\r\n');
    await expectCase({
      sig,
      data: crlf,
      trusted: ['alice'],
      signet: 'verified',
      gpg: { has: ['GOODSIG'] },
      sqv: true,
    });
  });

  it('text mode over stray carriage returns: Signet follows gpg (sqv canonicalises them otherwise)', async () => {
    const text = await h.file('odd.txt', 'one\r\r\ntwo\rthree\nlast without end\r');
    const sig = await sign('odd.txt.sig', fpr.alice as string, text, { textmode: true });
    await expectCase({
      sig,
      data: text,
      trusted: ['alice'],
      signet: 'verified',
      gpg: { has: ['GOODSIG'] },
      sqv: 'skip',
    });
  });

  it('a changed file: tampered (BADSIG)', async () => {
    const sig = await sign('ed-t.sig', fpr.alice as string, data);
    const changed = await h.file('changed.tar', `${await readFile(data, 'utf8')}x`);
    await expectCase({
      sig,
      data: changed,
      trusted: ['alice'],
      signet: 'tampered',
      gpg: { has: ['BADSIG'] },
      sqv: false,
    });
  });

  it('a key not in the trust list, even one claiming a trusted User ID: unknown-signer', async () => {
    const sig = await sign('mallory.sig', fpr.mallory as string, data);
    await expectCase({
      sig,
      data,
      trusted: ['alice'],
      signet: 'unknown-signer',
      gpg: { has: ['ERRSIG', 'NO_PUBKEY'], not: ['GOODSIG'] },
      sqv: false,
    });
  });

  it('SHA-1: refused (malformed); gpg still accepts it, Signet and sqv are deliberately stricter', async () => {
    const sig = await sign('sha1.sig', fpr.bob as string, data, { digest: 'SHA1' });
    await expectCase({
      sig,
      data,
      trusted: ['bob'],
      signet: 'malformed',
      gpg: { has: ['GOODSIG'] },
      sqv: false,
    });
  });

  it('RSA-1024: refused (malformed); Signet is stricter than gpg here', async () => {
    const sig = await sign('weak.sig', fpr.weak as string, data);
    const { check } = await signetCheck(sig, data, [trust.weak as OpenPgpTrustEntry]);
    expect(check?.rule).toBe('small-key');
    await expectCase({
      sig,
      data,
      trusted: ['weak'],
      signet: 'malformed',
      gpg: { has: ['GOODSIG'] },
      sqv: 'skip',
    });
  });

  it('DSA: refused (malformed) before the file is read', async () => {
    const sig = await sign('dsa.sig', fpr.dsa as string, data);
    await expectCase({
      sig,
      data,
      trusted: ['dsa'],
      signet: 'malformed',
      gpg: { has: ['GOODSIG'] },
      sqv: 'skip',
    });
  });
});

describe('key lifetime at the signature time (RFC 9580)', () => {
  it('hard revocation (no reason): unknown-signer, the owner withdrew the key (REVKEYSIG)', async () => {
    const sig = await sign('hard.sig', fpr.hard as string, data, { time: ago(500) });
    const rev = await readFile(join(h.dir, 'openpgp-revocs.d', `${fpr.hard}.rev`), 'utf8');
    const imported = await h.gpg(['--import'], { input: rev.replace(/^:-----BEGIN/m, '-----BEGIN') });
    expect(imported.status).toBe(0);
    trust.hard = await entryFor('Hard', fpr.hard as string);
    await expectCase({
      sig,
      data,
      trusted: ['hard'],
      signet: 'unknown-signer',
      gpg: { has: ['REVKEYSIG'] },
      sqv: false,
    });
    const { check } = await signetCheck(sig, data, [trust.hard]);
    expect(check?.rule).toBe('revoked');
    expect(check?.reason).toMatch(/owner withdrew/);
  });

  it('soft revocation (retired): signatures before it verify, those after do not', async () => {
    const before = await sign('soft-before.sig', fpr.soft as string, data, { time: ago(600) });
    const after = await sign('soft-after.sig', fpr.soft as string, data, { time: ago(200) });
    // gpg 2.2 cannot write a revocation with a reason in batch mode; openpgp.js writes it with
    // the secret key gpg made, dated between the two signatures.
    const secret = await h.gpg(['--armor', '--export-secret-keys', fpr.soft as string]);
    const key = await readPrivateKey({ armoredKey: secret.stdout });
    const revoked = await key.revoke(
      { flag: enums.reasonForRevocation.keyRetired, string: 'retired' },
      ago(400),
    );
    expect((await h.gpg(['--import'], { input: revoked.toPublic().armor() })).status).toBe(0);
    trust.soft = await entryFor('Soft', fpr.soft as string);
    // gpg reports any revoked key's signature as REVKEYSIG; sqv, like Signet, honours the reason.
    await expectCase({
      sig: before,
      data,
      trusted: ['soft'],
      signet: 'verified',
      gpg: { has: ['REVKEYSIG'] },
      sqv: true,
    });
    await expectCase({
      sig: after,
      data,
      trusted: ['soft'],
      signet: 'unknown-signer',
      gpg: { has: ['REVKEYSIG'] },
      sqv: false,
    });
  });

  it('a key that has expired since: a signature made while it was valid verifies (gpg: EXPKEYSIG, good)', async () => {
    const sig = await sign('expiring.sig', fpr.expiring as string, data, { time: ago(800) });
    await expectCase({
      sig,
      data,
      trusted: ['expiring'],
      signet: 'verified',
      gpg: { has: ['EXPKEYSIG', 'VALIDSIG'], not: ['BADSIG'] },
      sqv: true,
    });
  });

  it('a subkey whose expiry was extended after signing still verifies, as gpg does (openpgp.js #1800)', async () => {
    const sig = await sign('extended.sig', fpr.extendedSub as string, data, { time: ago(800) });
    const extended = await h.gpg(
      ['--quick-set-expire', fpr.extended as string, '3y', fpr.extendedSub as string],
      {
        time: ago(500),
      },
    );
    expect(extended.status).toBe(0);
    trust.extended = await entryFor('Extended', fpr.extended as string);
    // gpg exports only the newest binding, made after the signature: gpg accepts, and so does
    // Signet; sqv refuses ("no binding signature at time …"), the strict reading #1800 is about.
    await expectCase({
      sig,
      data,
      trusted: ['extended'],
      signet: 'verified',
      gpg: { has: ['GOODSIG'] },
      sqv: false,
    });
  });

  it('a signature made after the key expired: unknown-signer (expired); gpg says EXPKEYSIG, sqv refuses', async () => {
    const lapsed = await h.genKey('Lapsed <lapsed@example.org>', 'ed25519', 'sign', '0', ago(1000));
    const sig = await sign('lapsed.sig', lapsed, data, { time: ago(300) });
    // Signed first, then given an expiry (dated earlier) that ended before the signature.
    expect((await h.gpg(['--quick-set-expire', lapsed, '1d'], { time: ago(600) })).status).toBe(0);
    fpr.lapsed = lapsed;
    trust.lapsed = await entryFor('Lapsed', lapsed);
    await expectCase({
      sig,
      data,
      trusted: ['lapsed'],
      signet: 'unknown-signer',
      gpg: { has: ['EXPKEYSIG'] },
      sqv: false,
    });
    const { check } = await signetCheck(sig, data, [trust.lapsed]);
    expect(check?.rule).toBe('expired');
  });
});

describe('several signers and cleartext', () => {
  it('several signatures in one file: verified by the trusted one, the others listed', async () => {
    const a = await readFile(await sign('m-a.sig', fpr.alice as string, data));
    const m = await readFile(await sign('m-m.sig', fpr.mallory as string, data));
    const both = await h.file('both.sig', Buffer.concat([m, a]));
    await expectCase({
      sig: both,
      data,
      trusted: ['alice'],
      signet: 'verified',
      gpg: { has: ['GOODSIG', 'ERRSIG'] },
      sqv: true,
    });
    const { check } = await signetCheck(both, data, [trust.alice as OpenPgpTrustEntry]);
    expect(check?.details?.some((d) => d.label === 'Signature 1 of 2' && /not trusted/.test(d.value))).toBe(
      true,
    );
  });

  it('a trusted signature that fails makes the file tampered even when another verifies', async () => {
    const a = await readFile(await sign('x-a.sig', fpr.alice as string, data));
    const b = await readFile(await sign('x-b.sig', fpr.bob as string, otherData));
    const mixed = await h.file('mixed.sig', Buffer.concat([a, b]));
    await expectCase({
      sig: mixed,
      data,
      trusted: ['alice', 'bob'],
      signet: 'tampered',
      gpg: { has: ['GOODSIG', 'BADSIG'] },
      sqv: 'skip',
    });
  });

  it('a clearsigned checksum list by two signers: verified, and the text comes from what was verified', async () => {
    const list =
      'abc123  release.tar\n- leading dash.txt\ntrailing spaces  \n-----BEGIN PGP SIGNATURE----- lookalike\n';
    const listPath = await h.file('SHA256SUMS', list);
    const clear = join(h.dir, 'SHA256SUMS.asc');
    const result = await h.gpg([
      '--yes',
      '-u',
      `${fpr.alice}!`,
      '-u',
      `${fpr.bob}!`,
      '--output',
      clear,
      '--clearsign',
      listPath,
    ]);
    expect(result.status).toBe(0);
    const signet = await signetCheck(clear, undefined, [trust.bob as OpenPgpTrustEntry]);
    expect(signet.verdict, signet.check?.reason).toBe('verified');
    expect(signet.check?.signerName).toBe('Bob');
    expect(Buffer.from(signet.carried ?? []).toString()).toBe(list.replace(/ +\n/g, '\n').replace(/\n$/, ''));
    const tokens = await gpgvTokens(await keyring(fpr.bob as string), h.dir, clear);
    expect(tokens).toContain('GOODSIG');
    // One changed character in the signed text: gpg says BAD, Signet says tampered.
    const forged = (await readFile(clear, 'utf8')).replace('abc123', 'abc124');
    const forgedPath = await h.file('forged.asc', forged);
    expect((await signetCheck(forgedPath, undefined, [trust.bob as OpenPgpTrustEntry])).verdict).toBe(
      'tampered',
    );
    expect(await gpgvTokens(await keyring(fpr.bob as string), h.dir, forgedPath)).toContain('BADSIG');
  });
});
