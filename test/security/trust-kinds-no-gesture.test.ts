import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir';
import { selfSigned } from '../helpers/x509-ca';
import { compromisedPage, NOT_GRANTED } from './compromised-page';

/**
 * For the trust kinds beyond raw keys: a page script with nothing but the IPC
 * channels cannot trust an identity or a publisher, read a certificate it was not given, or sneak
 * a pattern or hidden character into an identity.
 */
let dir: string;

beforeAll(async () => {
  dir = await tempDir('signet-sec-trust-kinds-');
});

describe('keyless identities and publishers need main’s own confirmation', () => {
  it('addTrustedIdentity is refused without it, and nothing is stored', async () => {
    const page = compromisedPage(join(dir, 'a'));
    const result = await page.send('addTrustedIdentity', {
      name: 'CPython',
      identity: 'attacker@evil.example',
      issuer: 'https://accounts.google.com',
    });
    expect(result).toEqual({
      ok: false,
      error: 'You did not confirm, so the signer was not added.',
      cancelled: true,
    });
    expect(page.deps.confirmations[0]?.detail).toContain('Identity: attacker@evil.example');
    expect(await page.deps.trust.listAll()).toEqual([]);
  });

  it('an identity with a hidden character, a space or no shape, or a non-https issuer never reaches a handler', async () => {
    const page = compromisedPage(join(dir, 'b'));
    for (const [identity, issuer] of [
      ['hugo@python.org\u200B', 'https://github.com/login/oauth'],
      ['hugo@python.org\u202E', 'https://github.com/login/oauth'],
      ['hugo @python.org', 'https://github.com/login/oauth'],
      ['hugo', 'https://github.com/login/oauth'],
      ['hugo@python.org', 'http://github.com/login/oauth'],
    ]) {
      const result = await page.send('addTrustedIdentity', { name: 'X', identity, issuer });
      expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/^The request was refused/) });
    }
    expect(page.deps.confirmations).toEqual([]);
  });

  it('addTrustedPublisher is refused without confirmation, and from a file the person never gave', async () => {
    const page = compromisedPage(join(dir, 'c'));
    const issued = await selfSigned(
      dir,
      'attacker-pub',
      '/CN=Microsoft Corporation/O=Microsoft Corporation',
      {
        key: 'ec',
        days: 30,
      },
    );
    expect(
      await page.send('addTrustedPublisher', { name: 'Microsoft', certificateFile: issued.cert }),
    ).toMatchObject({
      ok: false,
      error: expect.stringMatching(NOT_GRANTED),
    });
    expect(page.deps.confirmations).toEqual([]);
    page.deps.grants.grant([issued.cert], { chosen: 'certificate' });
    expect(
      await page.send('addTrustedPublisher', { name: 'Microsoft', certificateFile: issued.cert }),
    ).toEqual({
      ok: false,
      error: 'You did not confirm, so the signer was not added.',
      cancelled: true,
    });
    expect(page.deps.confirmations[0]?.detail).toContain('The certificate names: Microsoft Corporation');
    expect(await page.deps.trust.listAll()).toEqual([]);
  });

  it('removeTrusted of an id nobody trusts changes nothing and asks nothing', async () => {
    const page = compromisedPage(join(dir, 'd'));
    for (const keyId of ['sigstore:0123456789abcdef', 'a'.repeat(64), '../../etc/passwd']) {
      expect(await page.send('removeTrusted', { keyId })).toEqual({
        ok: false,
        error: 'That signer is not in your trust list any more.',
      });
    }
    expect(await page.send('removeTrusted', { keyId: 'has space' })).toMatchObject({ ok: false });
    expect(page.deps.confirmations).toEqual([]);
  });
});
