import { describe, expect, it } from 'vitest';
import { isTrustedKey } from '../../renderer/components/verdict-details/trust-kind';
import type { VerifyResult } from '../../shared/verdict';
import type { OpenPgpFacts, SigstoreFacts } from '../../shared/verdict-facts';
import { cardTrustOffer, factRows, trustOfferOf } from '../../shared/verdict-words';

const base = { file: '/downloads/setup.exe', reason: 'r' };
const terms = (rows: { term: string }[]) => rows.map((r) => r.term);

const openpgp: OpenPgpFacts = {
  kind: 'openpgp',
  issuer: 'AAAA BBBB CCCC DDDD EEEE FFFF 0000 1111 2222 3333',
  fingerprint: 'AAAA BBBB CCCC DDDD EEEE FFFF 0000 1111 2222 3333',
  userIds: ['Microsoft Corporation <security@microsoft.com>'],
  hash: 'SHA-512',
  signatureTime: '2025-01-02T03:04:05.000Z',
  cleartext: false,
  givenKey: false,
  others: [{ signer: '1234', outcome: 'not trusted' }],
};

const sigstore: SigstoreFacts = {
  kind: 'sigstore',
  identity: 'https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v1',
  issuer: 'https://token.actions.githubusercontent.com',
  logIndexes: ['42'],
  integratedTime: '2024-03-19T17:26:00.000Z',
  timestamps: [],
  trustRoot: 'the Sigstore public-good root built into Signet',
};

describe('detail rows from typed facts: staff words first, experts after', () => {
  it('OpenPGP: the User ID is labelled as the key’s own claim; fingerprint and hash are for experts', () => {
    const rows = factRows({ facts: openpgp, signedAt: '2025-01-02T03:04:05.000Z' });
    expect(terms(rows.staff)).toEqual([
      'The key says (its own claim, not checked)',
      'Another signature on this file',
    ]);
    expect(terms(rows.expert)).toEqual(['Fingerprint', 'Hash algorithm']);
    expect(rows.showsKeyId).toBe(true);
  });

  it('OpenPGP unknown signer: the key the signature names, said once ("key", never "key key ID")', () => {
    const { fingerprint: _, ...unknown } = openpgp;
    const rows = factRows({ facts: { ...unknown, userIds: [], issuer: '0123 4567 89AB CDEF' } });
    expect(rows.staff[0]).toMatchObject({ term: 'Signed with the key', value: '0123 4567 89AB CDEF' });
  });

  it('Authenticode: the chain as names, revocation, the program name as a claim; thumbprint for experts', () => {
    const rows = factRows({
      facts: {
        kind: 'authenticode',
        chain: ['Fabrikam', 'Contoso CA', 'Contoso Root'],
        thumbprint: 'ab'.repeat(32),
        programName: 'Windows Update',
        others: [],
      },
    });
    expect(terms(rows.staff)).toEqual([
      'Certificate chain',
      'Program name (the publisher’s own claim)',
      'Revocation',
    ]);
    expect(rows.staff[0]?.value).toBe('Fabrikam ← Contoso CA ← Contoso Root');
    expect(rows.expert[0]).toMatchObject({
      term: 'Certificate thumbprint (SHA-256)',
      look: 'mono',
      copy: 'ab'.repeat(32),
    });
  });

  it('Sigstore: identity and issuer as the certificate states them, log and trust root for experts', () => {
    const rows = factRows({ facts: sigstore });
    expect(terms(rows.staff)).toEqual([
      'Identity (as the certificate states it)',
      'Identity vouched for by (as the certificate states it)',
      'Recorded in the public log at',
    ]);
    expect(terms(rows.expert)).toEqual(['Transparency log index', 'Trust root used']);
  });

  it('a file found through a signed list shows the list signature’s rows, and the check’s notes for experts', () => {
    const rows = factRows({
      facts: { kind: 'checksum-list', list: 'SHA256SUMS', signature: { ...openpgp, cleartext: true } },
      checksumList: '/d/SHA256SUMS',
      notes: [{ label: 'Found beside it', value: '/d/x.sha256' }],
    });
    expect(terms(rows.staff)).toContain('How the checksum list is signed');
    expect(rows.expert.at(-1)).toEqual({ term: 'Found beside it', value: '/d/x.sha256' });
  });
});

describe('which "Trust this …" a card offers', () => {
  const unknown = { ...base, verdict: 'unknown-signer' as const, code: 'key-not-trusted' as const };
  it('a publisher for Authenticode, an identity for Sigstore, a certificate for OpenPGP, the form for raw keys', () => {
    expect(
      trustOfferOf({ ...unknown, facts: { kind: 'authenticode', chain: [], thumbprint: 'ab', others: [] } }),
    ).toBe('publisher');
    expect(trustOfferOf({ ...unknown, code: 'identity-mismatch', facts: sigstore })).toBe('identity');
    // A managed-key bundle states no identity: there is nothing to trust from the card.
    const { identity: _, ...keyed } = sigstore;
    expect(trustOfferOf({ ...unknown, facts: keyed })).toBeUndefined();
    expect(
      trustOfferOf({ ...unknown, facts: { kind: 'checksum-list', list: 'SHA256SUMS', signature: openpgp } }),
    ).toBe('certificate');
    expect(trustOfferOf({ ...unknown, facts: { kind: 'minisign', keyId: '0123456789ABCDEF' } })).toBe('key');
    expect(
      trustOfferOf({
        ...base,
        verdict: 'verified',
        code: 'verified',
        facts: { kind: 'authenticode', chain: [], thumbprint: 'ab', others: [] },
      }),
    ).toBeUndefined();
  });

  it('never where adding the signer cannot help or the person may not add one', () => {
    const key: Pick<VerifyResult, 'facts'> = { facts: { kind: 'minisign', keyId: '0123456789ABCDEF' } };
    for (const code of [
      'key-revoked',
      'key-expired',
      'not-listed-publisher',
      'chain-untrusted-root',
      'policy-unreadable',
      'other-instance',
      'not-the-given-key',
    ] as const) {
      expect(trustOfferOf({ ...unknown, ...key, code }), code).toBeUndefined();
    }
    expect(cardTrustOffer({ ...unknown, ...key }, { userMayAdd: false })).toBeUndefined();
    // A self-signed publisher is pinned by its certificate; a chain to an untrusted authority is not.
    const publisher = { kind: 'authenticode' as const, chain: ['Tools'], thumbprint: 'ab', others: [] };
    const untrusted = { ...unknown, code: 'chain-untrusted-root' as const };
    expect(trustOfferOf({ ...untrusted, facts: { ...publisher, selfSigned: true } })).toBe('publisher');
    expect(trustOfferOf({ ...untrusted, facts: publisher })).toBeUndefined();
    expect(cardTrustOffer({ ...unknown, ...key }, {})).toBe('key');
  });

  it('a signer already in the trust list (a revoked key) is not offered again, whatever the spacing', () => {
    expect(isTrustedKey('AAAA BBBB', ['AAAABBBB'])).toBe(true);
    expect(isTrustedKey('AAAA BBBC', ['AAAABBBB'])).toBe(false);
    expect(isTrustedKey(undefined, ['AAAABBBB'])).toBe(false);
  });
});
