import { describe, expect, it } from 'vitest';
import { keylessReleaseKitText } from '../../electron/core/sign/keyless-release-kit';

describe('the Sigstore release kit', () => {
  it('gives cosign, sigstore-python and signet commands for each file, for the exact identity (public-good)', () => {
    const text = keylessReleaseKitText({
      identity: 'alice@example.com',
      issuer: 'https://accounts.google.com',
      signed: [{ file: '/r/app 1.0.tar.gz', signatureFile: '/r/app 1.0.tar.gz.sigstore.json' }],
    });
    expect(text.split('\n')).toEqual([
      'Release signed with Sigstore (keyless)',
      'Identity: alice@example.com',
      'Issuer: https://accounts.google.com',
      '',
      'To check a file, run these in the folder that holds it and its .sigstore.json:',
      '',
      '# app 1.0.tar.gz',
      "cosign verify-blob --bundle 'app 1.0.tar.gz.sigstore.json' --certificate-identity alice@example.com --certificate-oidc-issuer https://accounts.google.com 'app 1.0.tar.gz'",
      "python -m sigstore verify identity --bundle 'app 1.0.tar.gz.sigstore.json' --cert-identity alice@example.com --cert-oidc-issuer https://accounts.google.com 'app 1.0.tar.gz'",
      "signet verify 'app 1.0.tar.gz' --bundle 'app 1.0.tar.gz.sigstore.json' --certificate-identity alice@example.com --certificate-oidc-issuer https://accounts.google.com",
      '',
    ]);
  });

  it('quotes an identity the shell would split, and shows hidden characters in the header', () => {
    const text = keylessReleaseKitText({
      identity: "o'brien@example.com\u202e",
      issuer: 'https://issuer.example',
      signed: [{ file: '/r/a', signatureFile: '/r/a.sigstore.json' }],
      trustedRootFileName: 'root.json',
    });
    expect(text).toContain("--certificate-identity 'o'\\''brien@example.com\u202e'");
    expect(text).not.toContain('python -m sigstore');
    expect(text).toContain('--trusted-root root.json a');
    expect(text.split('\n')[1]).not.toContain('\u202e');
  });
});
