import { enums } from 'openpgp';
import type { PolicyRule, VerifyPolicy } from '../../policy/verify-policy';
import type { OpenPgpSignature } from './signature-packet';

export type RuleAnswer = { ok: true } | { ok: false; rule: PolicyRule; detail: string };

/**
 * Rules that need only the signature: its hash (for a document) and its public-key algorithm.
 * RSA key size needs the key, so it is judged once the key is found. The policy decides; the
 * reference time is the job's, never the signature's own claim.
 */
export function signatureRules(sig: OpenPgpSignature, policy: VerifyPolicy): RuleAnswer {
  if (!sig.hash) {
    return { ok: false, rule: 'refused-algorithm', detail: 'it uses a hash method Signet does not read' };
  }
  const hash = policy.hash(sig.hash, 'document');
  if (!hash.ok) return hash;
  const family = algorithmFamily(sig.publicKeyAlgorithm);
  if (family !== 'rsa') {
    const key = policy.key({ algorithm: family });
    if (!key.ok) return key;
  }
  return { ok: true };
}

function algorithmFamily(id: number): string {
  switch (id) {
    case enums.publicKey.rsaEncryptSign:
    case enums.publicKey.rsaSign:
    case enums.publicKey.rsaEncrypt:
      return 'rsa';
    case enums.publicKey.dsa:
      return 'dsa';
    case enums.publicKey.elgamal:
      return 'elgamal';
    case enums.publicKey.ecdsa:
      return 'ecdsa';
    case enums.publicKey.eddsaLegacy:
    case enums.publicKey.ed25519:
    case enums.publicKey.ed448:
      return 'eddsa';
    default:
      return `unknown-${id}`;
  }
}
