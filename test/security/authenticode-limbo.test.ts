import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { anchorsOf, checkChain } from '../../electron/core/formats/authenticode/chain';
import { pemCertificates } from '../../electron/core/formats/authenticode/system-roots';
import { standardPolicy } from '../../electron/core/policy/verify-policy';

// The C2SP x509-limbo path-validation cases (../shared/x509-limbo, see its SOURCE.md) whose rules
// apply to code signing, run through the same chain validator Authenticode uses. The cases are
// written for TLS; their server names are left aside and only the path rules are judged.

const LIMBO = resolve(__dirname, '../../../shared/x509-limbo/limbo.json');

interface LimboCase {
  id: string;
  features: string[];
  description: string;
  validation_kind: 'SERVER' | 'CLIENT';
  trusted_certs: string[];
  untrusted_intermediates: string[];
  peer_certificate: string;
  validation_time: string | null;
  extended_key_usage: string[];
  expected_result: 'SUCCESS' | 'FAILURE';
  max_chain_depth: number | null;
}

/**
 * Families left out, and why: `webpki` tests the CA/Browser Forum TLS profile (key sizes, SAN
 * forms, public suffixes), not RFC 5280; `crl` needs revocation, which Signet does not check for
 * Authenticode (it says so in the details).
 */
const SKIPPED_FAMILIES = ['webpki::', 'crl::'];

/**
 * Features left out, and why: `max-chain-depth` asks for a depth limit given by the caller
 * (Signet's is fixed at 8); `has-crl` needs revocation; `pedantic-serial-number` and
 * `pedantic-webpki-*` are profile checks on fields code signing does not rely on.
 */
const SKIPPED_FEATURES = new Set([
  'max-chain-depth',
  'has-crl',
  'pedantic-serial-number',
  'pedantic-webpki-eku',
  'pedantic-webpki-subscriber-key',
  'pedantic-public-suffix-wildcard',
]);

/** Cases decided by the expected peer name (server-name matching), which code signing has not. */
const SERVER_NAME_ONLY = new Set(['rfc5280::ca-as-leaf-wrong-san']);

/**
 * Where Signet deliberately answers otherwise, each with the reason. These are RFC 5280 §4 rules
 * for how conforming CAs must write certificates, not rules of the path: Windows (CryptoAPI) and
 * OpenSSL's default mode accept such certificates, old real roots and intermediates have them,
 * and accepting them makes no forged path acceptable (signatures and constraints still apply).
 */
const MISSING_KEY_ID =
  'key identifiers are for path building; Windows and OpenSSL accept certificates without them';
const DISAGREEMENTS: Record<string, string> = {
  'rfc5280::aki::leaf-missing-aki': MISSING_KEY_ID,
  'rfc5280::aki::intermediate-missing-aki': MISSING_KEY_ID,
  'rfc5280::aki::cross-signed-root-missing-aki': MISSING_KEY_ID,
  'rfc5280::ski::root-missing-ski': MISSING_KEY_ID,
  'rfc5280::ski::intermediate-missing-ski': MISSING_KEY_ID,
  'rfc5280::root-non-critical-basic-constraints':
    'a trusted root whose CA flag is not marked critical is still a CA to Windows and OpenSSL',
  'rfc5280::nc::permitted-dns-match-noncritical':
    'name constraints not marked critical are still enforced; refusing the flag would refuse chains some CAs issue that way',
};

const EKU_OID: Record<string, string> = {
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  codeSigning: '1.3.6.1.5.5.7.3.3',
  anyExtendedKeyUsage: '2.5.29.37.0',
};

function applies(c: LimboCase): boolean {
  if (SKIPPED_FAMILIES.some((f) => c.id.startsWith(f))) return false;
  if (c.features.some((f) => SKIPPED_FEATURES.has(f))) return false;
  return !SERVER_NAME_ONLY.has(c.id);
}

/** Signet's answer: SUCCESS when a path to a trusted certificate passes every rule. */
function judge(c: LimboCase): 'SUCCESS' | 'FAILURE' {
  const parse = (pem: string) => new X509Certificate(pemCertificates(pem)[0]!);
  let leaf: X509Certificate;
  let pool: X509Certificate[];
  try {
    leaf = parse(c.peer_certificate);
    pool = c.untrusted_intermediates.map(parse);
  } catch {
    return 'FAILURE';
  }
  const roots = c.trusted_certs.flatMap((pem) => pemCertificates(pem));
  const at = c.validation_time ? new Date(c.validation_time) : new Date();
  const purpose = c.extended_key_usage[0];
  const result = checkChain(
    leaf,
    pool,
    anchorsOf(roots),
    { oid: purpose ? EKU_OID[purpose] : undefined, label: purpose ?? 'any purpose' },
    at,
    standardPolicy({ at }),
  );
  return result.ok ? 'SUCCESS' : 'FAILURE';
}

describe.skipIf(!existsSync(LIMBO))('x509-limbo path validation (code-signing rules)', () => {
  const all = existsSync(LIMBO)
    ? (JSON.parse(readFileSync(LIMBO, 'utf8')) as { testcases: LimboCase[] }).testcases
    : [];
  const cases = all.filter(applies);

  it('runs the cases that apply to code signing', () => {
    expect(cases.length).toBeGreaterThan(100);
  });

  it.each(cases.map((c) => [c.id, c] as const))('%s', (id, c) => {
    const got = judge(c);
    const expected = DISAGREEMENTS[id]
      ? c.expected_result === 'SUCCESS'
        ? 'FAILURE'
        : 'SUCCESS'
      : c.expected_result;
    expect(got, c.description.split('\n')[0]).toBe(expected);
  });
});
