import { describe, expect, it } from 'vitest';
import { sigstorePresets } from '../../renderer/data/sigstore-presets';
import { exactTextProblem, isFormLevelError, signerNameProblem } from '../../renderer/lib/signer-input';
import { oidcIssuer, sigstoreIdentity } from '../../shared/ipc/trust-schemas';

describe('Sigstore presets', () => {
  it('each is an exact identity and issuer main accepts, with the https page that documents it', () => {
    expect(sigstorePresets.length).toBeGreaterThan(0);
    for (const preset of sigstorePresets) {
      expect(exactTextProblem(preset.identity, 'identity')).toBeNull();
      expect(exactTextProblem(preset.issuer, 'issuer')).toBeNull();
      expect(sigstoreIdentity.safeParse(preset.identity).success).toBe(true);
      expect(oidcIssuer.safeParse(preset.issuer).success).toBe(true);
      expect(new URL(preset.documentedAt).protocol).toBe('https:');
      expect(signerNameProblem(preset.name)).toBeNull();
    }
    expect(new Set(sigstorePresets.map((p) => p.id)).size).toBe(sigstorePresets.length);
  });
});

describe('what the add forms check before asking main', () => {
  it('refuses empty, hidden-character and over-long names', () => {
    expect(signerNameProblem('  ')).toMatch(/Give this signer a name/);
    expect(signerNameProblem('Acme\u202Eexe.pdf')).toMatch(/hidden characters/);
    expect(signerNameProblem('Acme\u200B')).toMatch(/hidden characters/);
    expect(signerNameProblem('a'.repeat(101))).toMatch(/at most 100/);
    expect(signerNameProblem('Acme Releases')).toBeNull();
  });

  it('wants an exact identity and an https issuer, as the request schema does', () => {
    const cases: Array<[string, 'identity' | 'issuer']> = [
      ['https://github.com/acme/.*', 'identity'],
      ['^release@acme\\.example$', 'identity'],
      ['release @acme.example', 'identity'],
      ['release@acme.example\u2066', 'identity'],
      ['asdf', 'identity'],
      ['acme', 'identity'],
      ['accounts.google.com', 'issuer'],
      ['http://accounts.google.com', 'issuer'],
      ['', 'issuer'],
    ];
    for (const [text, what] of cases) {
      expect(exactTextProblem(text, what), text).not.toBeNull();
    }
    expect(sigstoreIdentity.safeParse('release @acme.example').success).toBe(false);
    expect(sigstoreIdentity.safeParse('release@acme.example\u2066').success).toBe(false);
    expect(sigstoreIdentity.safeParse('asdf').success).toBe(false);
    expect(oidcIssuer.safeParse('accounts.google.com').success).toBe(false);
    for (const good of [
      'release@acme.example',
      'https://github.com/acme/tool/.github/workflows/release.yml@refs/tags/v1.2.3',
      'spiffe://acme.example/ns/build',
    ]) {
      expect(exactTextProblem(good, 'identity'), good).toBeNull();
      expect(sigstoreIdentity.safeParse(good).success, good).toBe(true);
    }
  });

  it('keeps only the attempt-wide problems under the form', () => {
    expect(isFormLevelError('You did not confirm, so the signer was not added.')).toBe(true);
    expect(isFormLevelError('Your organisation decides … Ask your IT team.')).toBe(true);
    expect(isFormLevelError('This is a private key, not a certificate.')).toBe(false);
  });
});
