import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenPgpTrustEntry } from '../../electron/core/formats/openpgp/trust-entry';
import { ago, GpgFixture } from '../helpers/gpg-fixture';
import { gpgvTokens, signetCheck } from '../helpers/gpg-oracles';

/**
 * Signet's OpenPGP module against gpgv (status tokens) and sqv, on keys and signatures gpg makes
 * here and now: algorithms, policy refusals, several signers and cleartext.
 */
let f: GpgFixture;
let data: string;
let otherData: string;

beforeAll(async () => {
  f = await GpgFixture.create();
  const born = ago(1000);
  await f.key('Alice', 'ed25519', 'sign', '0', born);
  f.fpr.AliceSub = await f.h.addKey(f.fpr.Alice as string, 'ed25519', 'sign', '0', ago(900));
  await f.refresh('Alice');
  await f.key('Bob', 'rsa3072', 'sign', '0', born);
  // Mallory's key claims Alice's User ID: only the fingerprint in the trust list counts.
  f.fpr.Mallory = await f.h.genKey('Alice <alice@example.org>', 'ed25519', 'sign', '0', born);
  await f.key('Weak', 'rsa1024', 'sign', '0', born);
  await f.key('Dsa', 'dsa2048', 'sign', '0', born);
  await f.key('Ecdsa', 'nistp256', 'sign', '0', born);
  data = await f.h.file('release.tar', 'pretend this is a release\n'.repeat(1000));
  otherData = await f.h.file('other.tar', 'another file\n');
}, 120_000);

afterAll(() => f?.close());

const trusted = (name: string) => f.trust[name] as OpenPgpTrustEntry;

describe('detached signatures made by gpg', () => {
  it('Ed25519 primary key, binary .sig: verified, named from the trust list', async () => {
    const sig = await f.sign('ed.sig', f.fpr.Alice as string, data);
    await f.expectCase({
      sig,
      data,
      trusted: ['Alice'],
      signet: 'verified',
      gpg: { has: ['GOODSIG', 'VALIDSIG'] },
      sqv: true,
    });
    const { check } = await signetCheck(sig, data, [trusted('Alice')]);
    expect(check?.signerName).toBe('Alice');
    expect(check?.details).toContainEqual({ label: 'The key says', value: 'Alice <alice@example.org>' });
    expect(check?.keyId?.replace(/ /g, '')).toBe(f.fpr.Alice);
  });

  it('Ed25519 signing subkey, armored .asc: verified as the primary key', async () => {
    const sig = await f.sign('sub.asc', f.fpr.AliceSub as string, data, { armor: true });
    await f.expectCase({
      sig,
      data,
      trusted: ['Alice'],
      signet: 'verified',
      gpg: { has: ['GOODSIG'] },
      sqv: true,
    });
    const { check } = await signetCheck(sig, data, [trusted('Alice')]);
    expect(check?.keyId?.replace(/ /g, '')).toBe(f.fpr.Alice);
    expect(check?.details?.find((d) => d.label === 'Signing subkey')?.value.replace(/ /g, '')).toBe(
      f.fpr.AliceSub,
    );
  });

  it('RSA-3072 with SHA-512, armored: verified', async () => {
    const sig = await f.sign('rsa.asc', f.fpr.Bob as string, data, { armor: true, digest: 'SHA512' });
    await f.expectCase({
      sig,
      data,
      trusted: ['Bob'],
      signet: 'verified',
      gpg: { has: ['GOODSIG'] },
      sqv: true,
    });
  });

  it('ECDSA P-256: verified', async () => {
    const sig = await f.sign('ecdsa.sig', f.fpr.Ecdsa as string, data);
    await f.expectCase({
      sig,
      data,
      trusted: ['Ecdsa'],
      signet: 'verified',
      gpg: { has: ['GOODSIG'] },
      sqv: true,
    });
  });

  it('text mode (--textmode): verified; CRLF and LF files hash alike', async () => {
    const text = await f.h.file('notes.txt', 'line one\nline two  \nlast\n');
    const sig = await f.sign('notes.txt.sig', f.fpr.Alice as string, text, { textmode: true });
    await f.expectCase({
      sig,
      data: text,
      trusted: ['Alice'],
      signet: 'verified',
      gpg: { has: ['GOODSIG'] },
      sqv: true,
    });
    const crlf = await f.h.file('notes-crlf.txt', 'line one\r\nline two  \r\nlast\r\n');
    await f.expectCase({
      sig,
      data: crlf,
      trusted: ['Alice'],
      signet: 'verified',
      gpg: { has: ['GOODSIG'] },
      sqv: true,
    });
  });

  it('text mode over stray carriage returns: Signet follows gpg (sqv canonicalises them otherwise)', async () => {
    const text = await f.h.file('odd.txt', 'one\r\r\ntwo\rthree\nlast without end\r');
    const sig = await f.sign('odd.txt.sig', f.fpr.Alice as string, text, { textmode: true });
    await f.expectCase({
      sig,
      data: text,
      trusted: ['Alice'],
      signet: 'verified',
      gpg: { has: ['GOODSIG'] },
      sqv: 'skip',
    });
  });

  it('a changed file: tampered (BADSIG)', async () => {
    const sig = await f.sign('ed-t.sig', f.fpr.Alice as string, data);
    const changed = await f.h.file('changed.tar', `${await readFile(data, 'utf8')}x`);
    await f.expectCase({
      sig,
      data: changed,
      trusted: ['Alice'],
      signet: 'tampered',
      gpg: { has: ['BADSIG'] },
      sqv: false,
    });
  });

  it('a key not in the trust list, even one claiming a trusted User ID: unknown-signer', async () => {
    const sig = await f.sign('mallory.sig', f.fpr.Mallory as string, data);
    await f.expectCase({
      sig,
      data,
      trusted: ['Alice'],
      signet: 'unknown-signer',
      gpg: { has: ['ERRSIG', 'NO_PUBKEY'], not: ['GOODSIG'] },
      sqv: false,
    });
  });

  it('SHA-1: refused (malformed); gpg still accepts it, Signet and sqv are deliberately stricter', async () => {
    const sig = await f.sign('sha1.sig', f.fpr.Bob as string, data, { digest: 'SHA1' });
    await f.expectCase({
      sig,
      data,
      trusted: ['Bob'],
      signet: 'malformed',
      gpg: { has: ['GOODSIG'] },
      sqv: false,
    });
  });

  it('RSA-1024: refused (malformed), the reason names the short key; Signet is stricter than gpg', async () => {
    const sig = await f.sign('weak.sig', f.fpr.Weak as string, data);
    const { check } = await signetCheck(sig, data, [trusted('Weak')]);
    expect(check?.rule).toBe('small-key');
    expect(check?.reason).toMatch(/1024 bits/);
    await f.expectCase({
      sig,
      data,
      trusted: ['Weak'],
      signet: 'malformed',
      gpg: { has: ['GOODSIG'] },
      sqv: 'skip',
    });
  });

  it('DSA: refused (malformed) before the file is read; Signet is stricter than gpg', async () => {
    const sig = await f.sign('dsa.sig', f.fpr.Dsa as string, data);
    await f.expectCase({
      sig,
      data,
      trusted: ['Dsa'],
      signet: 'malformed',
      gpg: { has: ['GOODSIG'] },
      sqv: 'skip',
    });
  });
});

describe('several signers and cleartext', () => {
  it('several signatures in one file: verified by the trusted one, the others listed', async () => {
    const a = await readFile(await f.sign('m-a.sig', f.fpr.Alice as string, data));
    const m = await readFile(await f.sign('m-m.sig', f.fpr.Mallory as string, data));
    const both = await f.h.file('both.sig', Buffer.concat([m, a]));
    await f.expectCase({
      sig: both,
      data,
      trusted: ['Alice'],
      signet: 'verified',
      gpg: { has: ['GOODSIG', 'ERRSIG'] },
      sqv: true,
    });
    const { check } = await signetCheck(both, data, [trusted('Alice')]);
    expect(check?.details?.some((d) => d.label === 'Signature 1 of 2' && /not trusted/.test(d.value))).toBe(
      true,
    );
  });

  it('several armored blocks in one .asc: read as one list of signatures', async () => {
    const a = await readFile(await f.sign('b-a.asc', f.fpr.Alice as string, data, { armor: true }), 'utf8');
    const b = await readFile(await f.sign('b-b.asc', f.fpr.Bob as string, data, { armor: true }), 'utf8');
    const both = await f.h.file('both.asc', `${a}\n${b}`);
    expect((await signetCheck(both, data, [trusted('Bob')])).verdict).toBe('verified');
    expect(await gpgvTokens(await f.keyring('Bob'), f.h.dir, both, data)).toContain('GOODSIG');
  });

  it('a trusted signature that fails makes the file tampered even when another verifies', async () => {
    const a = await readFile(await f.sign('x-a.sig', f.fpr.Alice as string, data));
    const b = await readFile(await f.sign('x-b.sig', f.fpr.Bob as string, otherData));
    const mixed = await f.h.file('mixed.sig', Buffer.concat([a, b]));
    await f.expectCase({
      sig: mixed,
      data,
      trusted: ['Alice', 'Bob'],
      signet: 'tampered',
      gpg: { has: ['GOODSIG', 'BADSIG'] },
      sqv: 'skip',
    });
  });

  it('a clearsigned checksum list by two signers: verified, the text is what was verified', async () => {
    const list =
      'abc123  release.tar\n- leading dash.txt\ntrailing spaces  \n-----BEGIN PGP SIGNATURE----- lookalike\n';
    const listPath = await f.h.file('SHA256SUMS', list);
    const clear = join(f.h.dir, 'SHA256SUMS.asc');
    const args = [
      '--yes',
      '-u',
      `${f.fpr.Alice}!`,
      '-u',
      `${f.fpr.Bob}!`,
      '--output',
      clear,
      '--clearsign',
      listPath,
    ];
    expect((await f.h.gpg(args)).status).toBe(0);
    const signet = await signetCheck(clear, undefined, [trusted('Bob')]);
    expect(signet.verdict, signet.check?.reason).toBe('verified');
    expect(signet.check?.signerName).toBe('Bob');
    expect(Buffer.from(signet.carried ?? []).toString()).toBe(list.replace(/ +\n/g, '\n').replace(/\n$/, ''));
    expect(await gpgvTokens(await f.keyring('Bob'), f.h.dir, clear)).toContain('GOODSIG');
    // The same file with CRLF line ends still verifies (cleartext line ends are canonical).
    const crlf = await f.h.file(
      'SHA256SUMS-crlf.asc',
      (await readFile(clear, 'utf8')).replace(/\n/g, '\r\n'),
    );
    expect((await signetCheck(crlf, undefined, [trusted('Bob')])).verdict).toBe('verified');
    expect(await gpgvTokens(await f.keyring('Bob'), f.h.dir, crlf)).toContain('GOODSIG');
    // One changed character in the signed text: gpg says BAD, Signet says tampered.
    const forged = await f.h.file('forged.asc', (await readFile(clear, 'utf8')).replace('abc123', 'abc124'));
    expect((await signetCheck(forged, undefined, [trusted('Bob')])).verdict).toBe('tampered');
    expect(await gpgvTokens(await f.keyring('Bob'), f.h.dir, forged)).toContain('BADSIG');
  });

  it('a signed (not detached) message or a key instead of a signature: malformed, one plain line', async () => {
    const signed = join(f.h.dir, 'inline.gpg');
    expect(
      (await f.h.gpg(['--yes', '-u', `${f.fpr.Alice}!`, '--output', signed, '--sign', data])).status,
    ).toBe(0);
    expect((await signetCheck(signed, data, [trusted('Alice')])).verdict).toBe('malformed');
    const key = await f.h.file('key.asc', (await f.h.exportCert(f.fpr.Alice as string)) as string);
    expect((await signetCheck(key, data, [trusted('Alice')])).verdict).toBe('malformed');
  });
});
