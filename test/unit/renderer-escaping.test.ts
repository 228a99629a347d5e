import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SignerCard } from '../../renderer/components/SignerCard';
import { VerdictCard } from '../../renderer/components/VerdictCard';
import { hasHiddenCharacters } from '../../shared/hidden-characters';
import type { TrustedSignerInfo } from '../../shared/ipc/contract';
import type { VerifyResult } from '../../shared/verdict';

// The renderer shows file names, reasons, comments and signer names through the same printable()
// as the CLI: a bidi override cannot reverse "invoice\u202Efdp.exe" on screen, and a name holding
// zero-width or control characters shows them as visible \u{…}.

const result: VerifyResult = {
  verdict: 'verified',
  file: '/downloads/invoice\u202Efdp.exe',
  reason: 'Signed by invoice\u202Efdp.exe\u200B’s key',
  signerName: 'Acme\u2066 Releases\u001b[0m',
  keyId: 'D5744DE2F0CD76E5',
  trustedComment: 'built by \u202Etrusted\u2028CI',
  signatureFile: '/downloads/invoice\u202Efdp.exe.minisig',
  algorithm: 'minisign (prehashed)',
} as VerifyResult;

describe('the renderer escapes what it did not write', () => {
  it('VerdictCard: file name, headline, reason, details', () => {
    const html = renderToStaticMarkup(createElement(VerdictCard, { result }));
    expect(hasHiddenCharacters(html)).toBe(false);
    expect(html).toContain('invoice\\u{202E}fdp.exe');
    expect(html).toContain('Verified: made by Acme\\u{2066} Releases\\u{1B}[0m');
    expect(html).toContain('built by \\u{202E}trusted\\u{2028}CI');
  });

  it('SignerCard: name and note', () => {
    const signer = {
      keyId: 'D5744DE2F0CD76E5',
      name: 'Mozilla\u202E Firefox',
      note: 'from\u200Bsomewhere',
      kind: 'minisign',
      kindWords: 'minisign or signify key',
      noun: 'key',
      meta: ['key-id'],
      facts: [],
      source: 'managed',
      addedAt: '2026-12-02T00:00:00Z',
    } as TrustedSignerInfo;
    const html = renderToStaticMarkup(createElement(SignerCard, { signer, onRemove: () => {} }));
    expect(hasHiddenCharacters(html)).toBe(false);
    expect(html).toContain('Mozilla\\u{202E} Firefox');
    expect(html).toContain('from\\u{200B}somewhere');
  });
});
