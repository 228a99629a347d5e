import { describe, expect, it } from 'vitest';
import {
  conformanceAvailable,
  DEFAULT_IDENTITY,
  DEFAULT_ISSUER,
  trustEntryFor,
} from '../helpers/sigstore-conformance';
import { MESSAGE, outcomeOf, verifyEdited } from '../helpers/sigstore-edit';

describe.skipIf(!conformanceAvailable())('Sigstore identity: exact match only', () => {
  describe('identity and issuer must match exactly', () => {
    const near: [string, string, string][] = [
      ['a prefix of the identity', DEFAULT_IDENTITY.slice(0, -5), DEFAULT_ISSUER],
      [
        'the repository only (what an unanchored pattern accepts)',
        'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon',
        DEFAULT_ISSUER,
      ],
      ['a pattern matching the identity', 'https://github\\.com/sigstore-conformance/.*', DEFAULT_ISSUER],
      ['the identity in capitals', DEFAULT_IDENTITY.toUpperCase(), DEFAULT_ISSUER],
      ['the identity with a trailing space', `${DEFAULT_IDENTITY} `, DEFAULT_ISSUER],
      ['another issuer', DEFAULT_IDENTITY, 'https://accounts.google.com'],
      ['the issuer with a trailing slash', DEFAULT_IDENTITY, `${DEFAULT_ISSUER}/`],
      ['a prefix of the issuer', DEFAULT_IDENTITY, 'https://token.actions'],
    ];
    it.each(near)('%s is an unknown signer that names the real identity', async (_what, identity, issuer) => {
      const r = await verifyEdited(MESSAGE, { trust: [trustEntryFor(identity, issuer, 'Look-alike')] });
      if (r === 'malformed') throw new Error('expected a check');
      expect(r.outcome).toBe('unknown-signer');
      expect(r.signerName).toBeUndefined();
      expect(r.reason).toContain(DEFAULT_IDENTITY);
      const details = Object.fromEntries((r.details ?? []).map((d) => [d.label, d.value]));
      expect(details['Identity (as the certificate states it)']).toBe(DEFAULT_IDENTITY);
      expect(details['OIDC issuer (as the certificate states it)']).toBe(DEFAULT_ISSUER);
      expect(details['Transparency log index']).toBe('79571823');
      expect(details['Trust root']).toContain('public-good');
    });

    it("a log entry dated after the check is refused (the reference time is the job's)", async () => {
      const r = await verifyEdited(MESSAGE, { now: new Date('2024-01-01T00:00:00Z') });
      expect(outcomeOf(r)).toBe('invalid');
    });

    it('an empty trust list is an unknown signer', async () => {
      expect(outcomeOf(await verifyEdited(MESSAGE, { trust: [] }))).toBe('unknown-signer');
    });

    it('the exact identity names the trust entry, with the logged time', async () => {
      const r = await verifyEdited(MESSAGE, {
        trust: [trustEntryFor(DEFAULT_IDENTITY, DEFAULT_ISSUER, 'Beacon workflow')],
      });
      if (r === 'malformed') throw new Error('expected a check');
      expect(r.outcome).toBe('valid');
      expect(r.signerName).toBe('Beacon workflow');
      expect(r.signedAtSource).toBe('transparency-log');
      expect(r.signedAt).toBe(new Date(1710869186 * 1000).toISOString());
    });
  });
});
