import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { enums, readPrivateKey } from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenPgpTrustEntry } from '../../electron/core/formats/openpgp/trust-entry';
import { ago, GpgFixture } from '../helpers/gpg-fixture';
import { signetCheck } from '../helpers/gpg-oracles';

/**
 * Key validity at the signature's creation time (RFC 9580), against gpgv and sqv. gpg's clock is
 * faked (--faked-system-time) so keys expire, are revoked and extended at chosen dates.
 */
let f: GpgFixture;
let data: string;

beforeAll(async () => {
  f = await GpgFixture.create();
  const born = ago(1000);
  await f.key('Hard', 'ed25519', 'sign', '0', born);
  await f.key('Soft', 'ed25519', 'sign', '0', born);
  await f.key('Expiring', 'ed25519', 'sign', '1y', born);
  await f.key('Lapsed', 'ed25519', 'sign', '0', born);
  await f.key('Future', 'ed25519', 'sign', '0', born);
  await f.key('Parent', 'ed25519', 'cert', '0', born);
  f.fpr.ParentSub = await f.h.addKey(f.fpr.Parent as string, 'ed25519', 'sign', '0', born);
  await f.refresh('Parent');
  await f.key('Extended', 'ed25519', 'cert', '0', born);
  f.fpr.ExtendedSub = await f.h.addKey(f.fpr.Extended as string, 'ed25519', 'sign', '1y', born);
  data = await f.h.file('release.tar', 'pretend this is a release\n'.repeat(100));
}, 120_000);

afterAll(() => f?.close());

describe('key lifetime at the signature time', () => {
  it('hard revocation (no reason): unknown-signer, the owner withdrew the key (REVKEYSIG)', async () => {
    const sig = await f.sign('hard.sig', f.fpr.Hard as string, data, { time: ago(500) });
    // gpg's own revocation certificate, made with the key (reason: none given).
    const rev = await readFile(join(f.h.dir, 'openpgp-revocs.d', `${f.fpr.Hard}.rev`), 'utf8');
    expect((await f.h.gpg(['--import'], { input: rev.replace(/^:-----BEGIN/m, '-----BEGIN') })).status).toBe(
      0,
    );
    await f.refresh('Hard');
    await f.expectCase({
      sig,
      data,
      trusted: ['Hard'],
      signet: 'unknown-signer',
      gpg: { has: ['REVKEYSIG'] },
      sqv: false,
    });
    const { check } = await signetCheck(sig, data, [f.trust.Hard as OpenPgpTrustEntry]);
    expect(check?.rule).toBe('key-revoked');
    expect(check?.reason).toMatch(/owner withdrew/);
  });

  it('soft revocation (retired): signatures before it verify, those after do not', async () => {
    const before = await f.sign('soft-before.sig', f.fpr.Soft as string, data, { time: ago(600) });
    const after = await f.sign('soft-after.sig', f.fpr.Soft as string, data, { time: ago(200) });
    // gpg 2.2 cannot write a revocation with a reason in batch mode; openpgp.js writes it with
    // the secret key gpg made, dated between the two signatures.
    const secret = await f.h.gpg(['--armor', '--export-secret-keys', f.fpr.Soft as string]);
    const key = await readPrivateKey({ armoredKey: secret.stdout });
    const revoked = await key.revoke(
      { flag: enums.reasonForRevocation.keyRetired, string: 'retired' },
      ago(400),
    );
    expect((await f.h.gpg(['--import'], { input: revoked.toPublic().armor() })).status).toBe(0);
    await f.refresh('Soft');
    // gpg reports any revoked key's signature as REVKEYSIG; sqv, like Signet, honours the reason.
    await f.expectCase({
      sig: before,
      data,
      trusted: ['Soft'],
      signet: 'verified',
      gpg: { has: ['REVKEYSIG'] },
      sqv: true,
    });
    await f.expectCase({
      sig: after,
      data,
      trusted: ['Soft'],
      signet: 'unknown-signer',
      gpg: { has: ['REVKEYSIG'] },
      sqv: false,
    });
  });

  it('a compromised signing subkey: its signatures are not trusted, the primary key still is', async () => {
    const sig = await f.sign('parent-sub.sig', f.fpr.ParentSub as string, data, { time: ago(500) });
    await f.expectCase({
      sig,
      data,
      trusted: ['Parent'],
      signet: 'verified',
      gpg: { has: ['GOODSIG'] },
      sqv: true,
    });
    // gpg 2.2 asks for a passphrase on --edit-key revkey even for an unprotected key; openpgp.js
    // writes the subkey revocation (reason: compromised) with the secret key gpg made.
    const secret = await f.h.gpg(['--armor', '--export-secret-keys', f.fpr.Parent as string]);
    const key = await readPrivateKey({ armoredKey: secret.stdout });
    const sub = key.subkeys[0];
    if (!sub) throw new Error('no subkey');
    key.subkeys[0] = await sub.revoke(
      key.keyPacket as never,
      { flag: enums.reasonForRevocation.keyCompromised },
      ago(100),
    );
    expect((await f.h.gpg(['--import'], { input: key.toPublic().armor() })).status).toBe(0);
    await f.refresh('Parent');
    await f.expectCase({
      sig,
      data,
      trusted: ['Parent'],
      signet: 'unknown-signer',
      gpg: { has: ['REVKEYSIG'] },
      sqv: false,
    });
    expect((await signetCheck(sig, data, [f.trust.Parent as OpenPgpTrustEntry])).check?.rule).toBe(
      'key-revoked',
    );
  });

  it('a key that has expired since: a signature made while it was valid verifies (gpg: EXPKEYSIG, good)', async () => {
    const sig = await f.sign('expiring.sig', f.fpr.Expiring as string, data, { time: ago(800) });
    await f.expectCase({
      sig,
      data,
      trusted: ['Expiring'],
      signet: 'verified',
      gpg: { has: ['EXPKEYSIG', 'VALIDSIG'], not: ['BADSIG'] },
      sqv: true,
    });
  });

  it('a signature made after the key expired: unknown-signer (expired); gpg says EXPKEYSIG, sqv refuses', async () => {
    const sig = await f.sign('lapsed.sig', f.fpr.Lapsed as string, data, { time: ago(300) });
    // Signed first, then given an expiry (dated earlier) that ended before the signature.
    expect(
      (await f.h.gpg(['--quick-set-expire', f.fpr.Lapsed as string, '1d'], { time: ago(600) })).status,
    ).toBe(0);
    await f.refresh('Lapsed');
    await f.expectCase({
      sig,
      data,
      trusted: ['Lapsed'],
      signet: 'unknown-signer',
      gpg: { has: ['EXPKEYSIG'] },
      sqv: false,
    });
    expect((await signetCheck(sig, data, [f.trust.Lapsed as OpenPgpTrustEntry])).check?.rule).toBe('expired');
  });

  it('a subkey whose expiry was extended after signing still verifies, as gpg does (openpgp.js #1800)', async () => {
    const sig = await f.sign('extended.sig', f.fpr.ExtendedSub as string, data, { time: ago(800) });
    const args = ['--quick-set-expire', f.fpr.Extended as string, '3y', f.fpr.ExtendedSub as string];
    expect((await f.h.gpg(args, { time: ago(500) })).status).toBe(0);
    await f.refresh('Extended');
    // gpg exports only the newest binding, made after the signature: gpg accepts, and so does
    // Signet; sqv refuses ("no binding signature at time …"), the strict reading #1800 is about.
    await f.expectCase({
      sig,
      data,
      trusted: ['Extended'],
      signet: 'verified',
      gpg: { has: ['GOODSIG'] },
      sqv: false,
    });
  });

  it('a signature dated in the future: not trusted', async () => {
    const sig = await f.sign('future.sig', f.fpr.Future as string, data, { time: ago(-30) });
    const { check } = await signetCheck(sig, data, [f.trust.Future as OpenPgpTrustEntry]);
    expect(check?.outcome).toBe('unknown-signer');
    expect(check?.rule).toBe('not-yet-valid');
    // gpg still reports it valid; sqv (default --not-after: now) refuses, as Signet does.
    await f.expectCase({
      sig,
      data,
      trusted: ['Future'],
      signet: 'unknown-signer',
      gpg: { has: ['VALIDSIG'] },
      sqv: false,
    });
  });
});
