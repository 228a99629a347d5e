import { describe, expect, it } from 'vitest';
import { plainMessage } from '../../electron/core/errors';
import { readIdentityToken } from '../../electron/core/formats/sigstore/identity-token';
import {
  publicGoodSigningServices,
  signingServicesFromBytes,
} from '../../electron/core/formats/sigstore/signing-config';

// What keyless signing reads before anything is sent: the identity token's claims and the
// instance's signing configuration. Each refusal is a sentence.

const NOW = new Date('2026-01-01T00:00:00Z');
const later = Math.floor(NOW.getTime() / 1000) + 600;
const jwt = (claims: Record<string, unknown>) =>
  ['{"alg":"ES256"}', JSON.stringify(claims)].map((p) => Buffer.from(p).toString('base64url')).join('.') +
  '.c2ln';
const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return plainMessage(error);
  }
  return 'accepted';
};

describe('the identity token', () => {
  it('names the verified email and the issuer that vouches for it', () => {
    const read = readIdentityToken(
      jwt({
        iss: 'https://accounts.google.com',
        aud: ['sigstore'],
        exp: later,
        email: 'a@b.c',
        email_verified: true,
      }),
      NOW,
    );
    expect(read).toMatchObject({ identity: 'a@b.c', issuer: 'https://accounts.google.com' });
  });

  it('names a GitHub Actions workflow by its URI, as Fulcio certifies it', () => {
    const read = readIdentityToken(
      jwt({
        iss: 'https://token.actions.githubusercontent.com',
        aud: 'sigstore',
        exp: later,
        sub: 'repo:acme/app:ref:refs/tags/v1',
        job_workflow_ref: 'acme/app/.github/workflows/release.yml@refs/tags/v1',
      }),
      NOW,
    );
    expect(read.identity).toBe('https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v1');
  });

  it('refuses, in words: another audience, expired or about to, an unverified email, no JWT at all', () => {
    const base = { iss: 'https://i.example', aud: 'sigstore', exp: later, email: 'a@b.c' };
    expect(refusal(() => readIdentityToken(jwt({ ...base, aud: 'other' }), NOW))).toMatch(/another service/);
    expect(refusal(() => readIdentityToken(jwt({ ...base, exp: later - 570 }), NOW))).toMatch(/expired/);
    expect(refusal(() => readIdentityToken(jwt({ ...base, email_verified: false }), NOW))).toMatch(
      /has not verified a@b\.c/,
    );
    expect(refusal(() => readIdentityToken('not a token', NOW))).toMatch(/not a JSON Web Token/);
    expect(refusal(() => readIdentityToken('a.bm90IGpzb24.c', NOW))).toMatch(/cannot be read/);
  });
});

describe('the signing configuration', () => {
  const config = (over: Record<string, unknown> = {}) =>
    Buffer.from(
      JSON.stringify({
        mediaType: 'application/vnd.dev.sigstore.signingconfig.v0.2+json',
        caUrls: [
          { url: 'https://fulcio.example', majorApiVersion: 1, validFor: { start: '2024-01-01T00:00:00Z' } },
        ],
        oidcUrls: [
          { url: 'https://oidc.example', majorApiVersion: 1, validFor: { start: '2024-01-01T00:00:00Z' } },
        ],
        rekorTlogUrls: [
          { url: 'https://rekor.example', majorApiVersion: 1, validFor: { start: '2024-01-01T00:00:00Z' } },
        ],
        tsaUrls: [],
        rekorTlogConfig: { selector: 'ANY' },
        ...over,
      }),
    );

  it('picks the current services, and no timestamp authority when none is named', () => {
    expect(signingServicesFromBytes(config(), 'c.json')).toEqual({
      oidcUrl: 'https://oidc.example',
      fulcioUrl: 'https://fulcio.example',
      rekorUrl: 'https://rekor.example',
      rekorMajorApiVersion: 1,
      source: 'c.json',
    });
    expect(publicGoodSigningServices()).toMatchObject({
      fulcioUrl: 'https://fulcio.sigstore.dev',
      rekorUrl: 'https://rekor.sigstore.dev',
      tsaUrl: 'https://timestamp.sigstore.dev/api/v1/timestamp',
    });
  });

  it('refuses plain http off this computer, a service that has ended, and what is not a signing configuration', () => {
    const http = config({
      caUrls: [
        { url: 'http://fulcio.example', majorApiVersion: 1, validFor: { start: '2024-01-01T00:00:00Z' } },
      ],
    });
    expect(refusal(() => signingServicesFromBytes(http, 'c.json'))).toMatch(
      /no current certificate authority/,
    );
    const ended = config({
      oidcUrls: [
        {
          url: 'https://oidc.example',
          majorApiVersion: 1,
          validFor: { start: '2024-01-01T00:00:00Z', end: '2024-06-01T00:00:00Z' },
        },
      ],
    });
    expect(refusal(() => signingServicesFromBytes(ended, 'c.json'))).toMatch(/no current login service/);
    expect(refusal(() => signingServicesFromBytes(Buffer.from('{}'), 'c.json'))).toMatch(
      /not a Sigstore signing configuration/,
    );
    expect(refusal(() => signingServicesFromBytes(Buffer.from('{'), 'c.json'))).toMatch(/not valid JSON/);
  });
});
