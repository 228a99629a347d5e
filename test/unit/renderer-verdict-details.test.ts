import { describe, expect, it } from 'vitest';
import { formatRows } from '../../renderer/components/verdict-details/format-rows';
import { isTrustedKey, verdictTrustKind } from '../../renderer/components/verdict-details/trust-kind';
import type { VerifyResult } from '../../shared/verdict';

const base = { file: '/downloads/setup.exe', reason: 'r', code: 'key-not-trusted' as const };
const terms = (rows: { term: string }[]) => rows.map((r) => r.term);

describe('verdict details per format: staff words first, nothing the core says dropped', () => {
  it('OpenPGP: the User ID is labelled as the key’s own claim; fingerprint and hash are for experts', () => {
    const result: VerifyResult = {
      ...base,
      verdict: 'verified',
      format: 'openpgp' as VerifyResult['format'],
      keyId: 'AAAA BBBB CCCC DDDD EEEE FFFF 0000 1111 2222 3333',
      signedAt: '2025-01-02T03:04:05.000Z',
      details: [
        { label: 'Fingerprint', value: 'AAAA BBBB CCCC DDDD EEEE FFFF 0000 1111 2222 3333' },
        { label: 'The key says', value: 'Microsoft Corporation <security@microsoft.com>' },
        { label: 'Signature made', value: '2025-01-02T03:04:05.000Z' },
        { label: 'Hash', value: 'SHA-512' },
        { label: 'Signature 2 of 3', value: '1234: not trusted' },
        { label: 'Something new the core says', value: 'kept' },
      ],
    };
    const rows = formatRows(result);
    expect(terms(rows.staff)).toEqual([
      'The key says (its own claim, not checked)',
      'Another signature on this file',
    ]);
    expect(terms(rows.expert)).toEqual(['Fingerprint', 'Hash algorithm', 'Something new the core says']);
    // The signature time is the shared "Signed on" row; the fingerprint row replaces the generic Key ID.
    expect(rows.showsKeyId).toBe(true);
  });

  it('OpenPGP unknown signer: the key the signature names, for comparing with the publisher’s page', () => {
    const rows = formatRows({
      ...base,
      verdict: 'unknown-signer',
      format: 'openpgp' as VerifyResult['format'],
      keyId: 'key ID 0123 4567 89AB CDEF',
    });
    expect(rows.staff[0]).toMatchObject({ term: 'Signed with the key', value: 'key ID 0123 4567 89AB CDEF' });
  });

  it('Authenticode: the chain as names from issuerChain, revocation and the program name as a claim', () => {
    const rows = formatRows({
      ...base,
      verdict: 'verified',
      format: 'authenticode-pe',
      issuerChain: ['Fabrikam', 'Contoso CA', 'Contoso Root'],
      details: [
        { label: 'Certificate chain', value: 'Fabrikam ← Contoso CA ← Contoso Root' },
        { label: 'Certificate thumbprint (SHA-256)', value: 'ab'.repeat(32) },
        { label: 'Program name (the publisher’s own claim)', value: 'Windows Update' },
        { label: 'Revocation', value: 'Not checked' },
      ],
    });
    expect(rows.staff).toEqual([
      { term: 'Certificate chain', value: 'Fabrikam ← Contoso CA ← Contoso Root' },
      { term: 'Program name (the publisher’s own claim)', value: 'Windows Update' },
      { term: 'Revocation', value: 'Not checked' },
    ]);
    expect(rows.expert[0]).toMatchObject({
      term: 'Certificate thumbprint (SHA-256)',
      look: 'mono',
      copy: 'ab'.repeat(32),
    });
  });

  it('Sigstore: identity and issuer as the certificate states them, log and trust root for experts', () => {
    const rows = formatRows({
      ...base,
      verdict: 'unknown-signer',
      format: 'sigstore' as VerifyResult['format'],
      details: [
        {
          label: 'Identity (as the certificate states it)',
          value: 'https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v1',
        },
        {
          label: 'OIDC issuer (as the certificate states it)',
          value: 'https://token.actions.githubusercontent.com',
        },
        { label: 'Transparency log index', value: '42' },
        { label: 'Logged at', value: '2024-03-19T17:26:00.000Z' },
        { label: 'Trust root', value: 'the Sigstore public-good root built into Signet' },
      ],
    });
    expect(terms(rows.staff)).toEqual([
      'Identity (as the certificate states it)',
      'Identity vouched for by (as the certificate states it)',
      'Recorded in the public log at',
    ]);
    expect(terms(rows.expert)).toEqual(['Transparency log index', 'Trust root used']);
  });
});

describe('which "Trust this …" a card offers', () => {
  const unknown = { ...base, verdict: 'unknown-signer' as const };
  it('a publisher for Authenticode, an identity for Sigstore, a certificate for OpenPGP, none for raw keys', () => {
    expect(verdictTrustKind({ ...unknown, format: 'authenticode-msi', keyId: 'ab'.repeat(32) })).toBe(
      'publisher',
    );
    expect(
      verdictTrustKind({
        ...unknown,
        format: 'sigstore' as VerifyResult['format'],
        details: [{ label: 'Identity (as the certificate states it)', value: 'a@b.example' }],
      }),
    ).toBe('identity');
    // A managed-key bundle states no identity: there is nothing to trust from the card.
    expect(verdictTrustKind({ ...unknown, format: 'sigstore' as VerifyResult['format'] })).toBeUndefined();
    expect(
      verdictTrustKind({
        ...unknown,
        format: 'checksum-list',
        keyId: 'AAAA BBBB CCCC DDDD EEEE FFFF 0000 1111 2222 3333',
      }),
    ).toBe('certificate');
    expect(verdictTrustKind({ ...unknown, format: 'minisign', keyId: '0123456789ABCDEF' })).toBeUndefined();
    expect(
      verdictTrustKind({ ...base, verdict: 'verified', format: 'authenticode-pe', keyId: 'ab' }),
    ).toBeUndefined();
  });

  it('a signer already in the trust list (a revoked key) is not offered again, whatever the spacing', () => {
    expect(isTrustedKey('AAAA BBBB', ['AAAABBBB'])).toBe(true);
    expect(isTrustedKey('AAAA BBBC', ['AAAABBBB'])).toBe(false);
    expect(isTrustedKey(undefined, ['AAAABBBB'])).toBe(false);
  });
});
