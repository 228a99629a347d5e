import { describe, expect, it } from 'vitest';
import { presentVerdict } from '../../electron/cli/present-verdict';
import { issuerPhrase, issuerWords } from '../../electron/core/formats/openpgp/describe';
import type { OpenPgpSignature } from '../../electron/core/formats/openpgp/signature-packet';
import type { VerifyResult } from '../../shared/verdict';

// Small words a person reads on every card: no doubled words, no escape for a format's own separator.

const signature = (issuer: Partial<Pick<OpenPgpSignature, 'issuerKeyId' | 'issuerFingerprint'>>) =>
  ({ issuerKeyId: undefined, issuerFingerprint: undefined, ...issuer }) as OpenPgpSignature;

describe('OpenPGP key words', () => {
  it('say "key" once, whether the signature names a fingerprint, a key id or nothing', () => {
    const cases = [
      signature({ issuerFingerprint: 'AB'.repeat(20) }),
      signature({ issuerKeyId: 'CD'.repeat(8) }),
      signature({}),
    ];
    for (const sig of cases) {
      const sentence = `The file was signed with ${issuerPhrase(sig)}, which is not one of your trusted signers.`;
      expect(sentence).not.toMatch(/\bkey key\b/i);
      expect(sentence).not.toMatch(/\bkey ID ID\b/i);
    }
    expect(issuerPhrase(cases[1]!)).toBe('the OpenPGP key with ID CDCD CDCD CDCD CDCD');
    // The Key ID row's value carries no noun of its own ("Key ID: key ID …" was doubled).
    expect(issuerWords(cases[1]!)).toBe('CDCD CDCD CDCD CDCD');
    expect(issuerWords(cases[2]!)).toBeUndefined();
  });
});

describe("a minisign signed comment in the CLI's answer", () => {
  const result = (trustedComment: string): VerifyResult => ({
    verdict: 'verified',
    code: 'verified',
    file: '/d/acme-1.1.exe',
    reason: 'The file matches its signature.',
    signerName: 'Acme',
    trustedComment,
  });

  it("shows minisign's own tab between fields as a separator, not as an escape", () => {
    const out = presentVerdict(result('timestamp:1796659504\tfile:acme-1.1.exe\thashed'));
    expect(out).toContain('timestamp:1796659504 · file:acme-1.1.exe · hashed');
    expect(out).not.toContain('\\u{9}');
  });

  it('still escapes a hidden character inside a field', () => {
    const out = presentVerdict(result('timestamp:1796659504\tfile:inv\u202Efdp.exe'));
    expect(out).toContain('file:inv\\u{202E}fdp.exe');
    expect(out).not.toContain('\u202E');
  });
});

describe('dates', () => {
  it('are written one way on a card and in main’s dialogs: day, month in words, year', async () => {
    const { formatDate, formatDateTime } = await import('../../shared/dates');
    const { formatDate: cardDate, formatDateTime: cardDateTime } = await import('../../renderer/lib/format');
    const { day } = await import('../../electron/main/handlers/trust-guards');
    const noon = '2026-12-07T12:00:00.000Z';
    expect(formatDate(noon)).toMatch(/^\d{1,2} [A-Z][a-z]{2} 2026$/);
    expect(formatDateTime(noon)).toMatch(/^\d{1,2} [A-Z][a-z]{2} 2026, \d{2}:\d{2}$/);
    // The card, the app's screens and main's dialogs all use the same function.
    expect(cardDate(noon)).toBe(formatDate(noon));
    expect(cardDateTime(noon)).toBe(formatDateTime(noon));
    expect(day(noon)).toBe(formatDate(noon));
    expect(formatDate('not a date')).toBe('not a date');
  });
});
