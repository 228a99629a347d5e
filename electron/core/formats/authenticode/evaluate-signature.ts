import type { X509Certificate as NodeCert } from 'node:crypto';
import { HASH_LABEL } from '../../../../shared/hash-label';
import { sameDistinguishedName } from '../../policy/distinguished-name';
import type { PolicyRule, VerifyPolicy } from '../../policy/verify-policy';
import type { ContentFacts } from '../format-module';
import { type Anchors, type ChainProblem, type ChainResult, checkChain } from './chain';
import { commonNameOf } from './common-name';
import { displayName } from './names';
import { OID } from './oids';
import type { TrustedPublisher } from './publisher-entry';
import { type AuthenticodeSignature, nodeCertificate } from './signed-data';
import { checkSignerInfo, sameBytes, signatureHash, signerKey } from './signer-info';
import { checkTimestamp, type TimestampResult } from './timestamp';

/** What one signature (primary or nested) came to, before the file's signatures are combined. */
export interface SignatureEvaluation {
  sig: AuthenticodeSignature;
  outcome: 'valid' | 'unknown-signer' | 'invalid' | 'refused';
  rule?: PolicyRule;
  reason: string;
  algorithm: string;
  leaf?: NodeCert;
  chain?: ChainResult;
  timestamp?: TimestampResult;
  /** Set when a trust-list entry names this publisher. */
  pinned?: TrustedPublisher;
}

export interface EvaluationContext {
  anchors: Anchors;
  trust: readonly TrustedPublisher[];
  policy: VerifyPolicy;
  onlyListed: boolean;
  subject: 'pe' | 'msi';
}

const CHAIN_RULE: Record<Exclude<ChainProblem, 'weak-signature'>, PolicyRule> = {
  'self-signed': 'chain-untrusted-root',
  'untrusted-root': 'chain-untrusted-root',
  'not-a-ca': 'chain-invalid',
  invalid: 'chain-invalid',
  'wrong-purpose': 'wrong-purpose',
  expired: 'expired',
  'not-yet-valid': 'not-yet-valid',
};

const CODE_SIGNING = {
  oid: OID.ekuCodeSigning,
  label: 'signing programs',
};

/**
 * One signature, checked in an order that keeps "changed" apart from "not trusted": the file's
 * digest, then the signature maths, then the policy on hashes and keys, then the timestamp, the
 * trust list and the chain. The first failing step decides.
 */
export function evaluateSignature(
  sig: AuthenticodeSignature,
  content: ContentFacts,
  ctx: EvaluationContext,
): SignatureEvaluation {
  const hash = sig.imageDigestAlgorithm;
  const base = { sig, algorithm: `Authenticode (${hash ? HASH_LABEL[hash] : sig.imageDigestAlgorithmOid})` };
  if (!hash || !sig.digestAlgorithm) {
    return {
      ...base,
      outcome: 'refused',
      rule: 'refused-algorithm',
      reason: 'the signature uses a hash Signet does not know',
    };
  }
  if (sig.subject !== ctx.subject) {
    return { ...base, outcome: 'invalid', reason: 'the signature was made for a different kind of file' };
  }
  const actual = content.peDigests?.[hash];
  if (!actual) {
    return {
      ...base,
      outcome: 'refused',
      rule: 'refused-algorithm',
      reason: 'the file could not be hashed for this signature',
    };
  }
  if (!sameBytes(actual, sig.imageDigest)) {
    return { ...base, outcome: 'invalid', reason: 'the file was changed after it was signed' };
  }
  const maths = checkSignerInfo(sig, sig.indirectContent, OID.spcIndirectData, 'signature');
  if (!maths.ok) return { ...base, outcome: 'invalid', reason: maths.reason };

  const key = signerKey(sig);
  const algorithm = `Authenticode, ${HASH_LABEL[hash]} with ${key.algorithm.toUpperCase()}${key.bits ? ` ${key.bits}` : key.curve ? ` ${key.curve}` : ''}`;
  const withAlgorithm = { ...base, algorithm };
  const signedWith = signatureHash(sig);
  if (signedWith) {
    const decision = ctx.policy.hash(signedWith, 'document');
    if (!decision.ok)
      return {
        ...withAlgorithm,
        outcome: 'refused',
        rule: 'weak-signature-algorithm',
        reason: `the signature is made with ${decision.detail}`,
      };
  }
  for (const name of new Set([hash, sig.digestAlgorithm])) {
    // No signing time here on purpose: a timestamp must not make SHA-1 acceptable again.
    const decision = ctx.policy.hash(name, 'document');
    if (!decision.ok)
      return {
        ...withAlgorithm,
        outcome: 'refused',
        rule: decision.rule,
        reason: `the signature uses ${decision.detail}`,
      };
  }
  const keyDecision = ctx.policy.key(key);
  if (!keyDecision.ok)
    return { ...withAlgorithm, outcome: 'refused', rule: keyDecision.rule, reason: keyDecision.detail };

  const timestamp = checkTimestamp(sig, ctx.anchors, ctx.policy);
  const at = timestamp?.ok ? timestamp.at : ctx.policy.at;
  const leaf = nodeCertificate(sig.signerCert);
  const pool = sig.certificates.map((c) => nodeCertificate(c));
  const chain = checkChain(leaf, pool, ctx.anchors, CODE_SIGNING, at, ctx.policy);
  const found = { ...withAlgorithm, leaf, chain, timestamp };

  const byThumbprint = ctx.trust.find((e) => e.thumbprintSha256 === leafThumbprint(leaf));
  if (byThumbprint) {
    // A pinned certificate stands in for the chain, but it must still have been valid when signing.
    const window = ctx.policy.window({ from: new Date(leaf.validFrom), until: new Date(leaf.validTo) }, at);
    if (!window.ok)
      return {
        ...found,
        outcome: 'unknown-signer',
        rule: window.rule,
        reason: `the publisher’s certificate ${window.detail}`,
      };
    return {
      ...found,
      outcome: 'valid',
      reason: 'signed by a publisher on your trust list',
      pinned: byThumbprint,
    };
  }
  if (!chain.ok) {
    if (chain.problem === 'weak-signature') {
      return { ...found, outcome: 'refused', rule: 'weak-signature-algorithm', reason: chain.reason };
    }
    const reason =
      chain.problem === 'expired' && !timestamp?.ok
        ? `${chain.reason}, and no valid timestamp shows it was signed before then`
        : chain.reason;
    return { ...found, outcome: 'unknown-signer', rule: CHAIN_RULE[chain.problem], reason };
  }
  const root = chain.path[chain.path.length - 1]!;
  const bySubject = ctx.trust.find(
    (e) =>
      e.subject !== undefined &&
      e.rootSha256 === leafThumbprint(root) &&
      sameDistinguishedName(e.subject, leaf.subject),
  );
  if (bySubject)
    return {
      ...found,
      outcome: 'valid',
      reason: 'signed by a publisher on your trust list',
      pinned: bySubject,
    };
  if (ctx.onlyListed) {
    return {
      ...found,
      outcome: 'unknown-signer',
      rule: 'not-listed-publisher',
      reason: 'your organisation allows only the publishers on its list, and this one is not on it',
    };
  }
  return { ...found, outcome: 'valid', reason: `signed by ${displayName(sig.signerCert.subject)}` };
}

export function leafThumbprint(cert: NodeCert): string {
  return cert.fingerprint256.replace(/:/g, '').toLowerCase();
}

/** Leaf first: "Microsoft Corporation ← Microsoft Code Signing PCA 2010 ← …". */
export function chainNames(path: readonly NodeCert[]): string {
  return path.map((c) => commonNameOf(c.subject)).join(' ← ');
}
