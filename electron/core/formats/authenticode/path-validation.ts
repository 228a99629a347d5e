import type { X509Certificate } from 'node:crypto';
import * as pkijs from 'pkijs';
import type { HashName } from '../format-module';
import { type Constraints, namesOf, violation } from './name-constraints';

/**
 * RFC 5280 §6.1 path validation for a path already built and signed link by link (leaf first,
 * trusted anchor last), with Authenticode's own rules on top. pkijs parses every extension;
 * its CertificateChainValidationEngine is not used for the judgement because it checks neither
 * path lengths, nor unknown critical extensions, nor extended key usage, and is asynchronous.
 */
export type PathProblem =
  | { kind: 'invalid' | 'not-a-ca'; reason: string }
  | { kind: 'weak-signature'; hash: HashName; reason: string };

const EXT = {
  subjectKeyId: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  issuerAltName: '2.5.29.18',
  basicConstraints: '2.5.29.19',
  nameConstraints: '2.5.29.30',
  crlDistributionPoints: '2.5.29.31',
  certificatePolicies: '2.5.29.32',
  policyMappings: '2.5.29.33',
  authorityKeyId: '2.5.29.35',
  policyConstraints: '2.5.29.36',
  extKeyUsage: '2.5.29.37',
  inhibitAnyPolicy: '2.5.29.54',
} as const;

/** Extensions this validator acts on (or, for policies, that need no action for code signing). */
const UNDERSTOOD = new Set<string>(Object.values(EXT));
const ANY_EKU = '2.5.29.37.0';
const KEY_CERT_SIGN = 5;
const DIGITAL_SIGNATURE = 0;

/** Hashes of certificate signature algorithms a policy must be asked about. */
const SIGNATURE_HASH: Readonly<Record<string, HashName>> = {
  '1.2.840.113549.1.1.4': 'md5',
  '1.2.840.113549.1.1.2': 'md5',
  '1.2.840.113549.1.1.3': 'md5',
  '1.2.840.113549.1.1.5': 'sha1',
  '1.3.14.3.2.29': 'sha1',
  '1.2.840.10045.4.1': 'sha1',
  '1.2.840.10040.4.3': 'sha1',
  '1.2.840.113549.1.1.14': 'sha224',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.3.1': 'sha224',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
};

const parsed = new WeakMap<X509Certificate, pkijs.Certificate>();

function pkijsOf(cert: X509Certificate): pkijs.Certificate {
  let found = parsed.get(cert);
  if (!found) {
    found = pkijs.Certificate.fromBER(new Uint8Array(cert.raw));
    parsed.set(cert, found);
  }
  return found;
}

export interface PathRules {
  /** The extended key usage the leaf must name, and every CA's EKU (if it has one) must allow. */
  purpose?: string;
  /** Whether a certificate signature made with this hash is acceptable. */
  acceptsHash(hash: HashName): boolean;
  /** A name for a certificate in a sentence. */
  nameOf(cert: X509Certificate): string;
}

/** `path[0]` is the leaf and `path[path.length - 1]` the trust anchor. */
export function validatePath(path: readonly X509Certificate[], rules: PathRules): PathProblem | undefined {
  let certs: pkijs.Certificate[];
  try {
    certs = path.map(pkijsOf);
  } catch {
    return { kind: 'invalid', reason: 'a certificate in the chain cannot be read' };
  }
  const n = path.length;
  // Every certificate but the anchor was signed by the next: its algorithm goes to the policy.
  for (let i = 0; i < n - 1; i++) {
    const hash = SIGNATURE_HASH[certs[i]!.signatureAlgorithm.algorithmId];
    if (hash && !rules.acceptsHash(hash)) {
      return {
        kind: 'weak-signature',
        hash,
        reason: `the certificate of “${rules.nameOf(path[i]!)}” is signed with ${hash.toUpperCase()}, an outdated method that can be forged`,
      };
    }
  }
  const constraints: Constraints = { permitted: [], excluded: [] };
  // Walked from the anchor down, as RFC 5280 §6.1 does.
  for (let i = n - 1; i >= 0; i--) {
    const cert = certs[i]!;
    const who = rules.nameOf(path[i]!);
    const problem = (text: string): PathProblem => ({ kind: 'invalid', reason: `“${who}” ${text}` });
    const extensions = cert.extensions ?? [];
    const own = profileProblem(cert, i > 0 || isCaCertificate(cert));
    if (own) return problem(own);
    const ext = (id: string) => extensions.find((e) => e.extnID === id)?.parsedValue as unknown;
    const isLeaf = i === 0;
    const selfIssued = cert.subject.isEqual(cert.issuer);

    // Self-issued CA certificates are exempt (RFC 5280 §6.1.3 (b)); the leaf never is.
    if (isLeaf || !selfIssued) {
      const alt = ext(EXT.subjectAltName) as pkijs.AltName | undefined;
      const broken = violation(namesOf(cert, alt?.altNames ?? []), constraints);
      if (broken !== undefined) return problem(`has a name its issuer may not give (${broken})`);
    }
    const keyUsage = ext(EXT.keyUsage) as { valueBlock?: { valueHexView?: Uint8Array } } | undefined;
    const usage = keyUsage?.valueBlock?.valueHexView;
    const hasUsage = (bit: number) => !!usage && ((usage[bit >> 3] ?? 0) & (0x80 >> (bit & 7))) !== 0;
    const eku = ext(EXT.extKeyUsage) as pkijs.ExtKeyUsage | undefined;

    if (isLeaf) {
      // Signing is what a leaf judged for a purpose does; path rules alone do not ask it.
      if (rules.purpose !== undefined && usage && !hasUsage(DIGITAL_SIGNATURE)) {
        return problem('may not be used to make signatures');
      }
      continue;
    }
    const basic = ext(EXT.basicConstraints) as pkijs.BasicConstraints | undefined;
    // A version 1 root has no extensions at all; trusting it is trusting it as a CA.
    const v1Anchor = i === n - 1 && cert.version === 0;
    if (!basic?.cA && !v1Anchor) {
      return { kind: 'not-a-ca', reason: `“${who}” is not allowed to issue certificates` };
    }
    if (usage && !hasUsage(KEY_CERT_SIGN)) return problem('may not be used to sign certificates');
    const allows = (oid: string) => eku?.keyPurposes.includes(oid) || eku?.keyPurposes.includes(ANY_EKU);
    if (eku && rules.purpose !== undefined && !allows(rules.purpose)) {
      return problem('may not issue certificates for this purpose');
    }
    if (basic?.pathLenConstraint !== undefined) {
      const limit =
        typeof basic.pathLenConstraint === 'number'
          ? basic.pathLenConstraint
          : basic.pathLenConstraint.valueBlock.valueDec;
      // Intermediates below this one, self-issued ones excepted (RFC 5280 §6.1.4 (l)).
      let below = 0;
      for (let j = i - 1; j >= 1; j--) if (!certs[j]!.subject.isEqual(certs[j]!.issuer)) below++;
      if (below > limit) return problem('allows fewer certificate authorities below it than the chain has');
    }
    const nc = ext(EXT.nameConstraints) as pkijs.NameConstraints | undefined;
    if (nc) {
      if (countOf(nc) * MAX_NAMES > MAX_NAME_CHECKS) return problem('has too many name constraints to check');
      if (nc.permittedSubtrees?.length) constraints.permitted.push(nc.permittedSubtrees);
      constraints.excluded.push(...(nc.excludedSubtrees ?? []));
    }
  }
  return undefined;
}

/** Names × constraints beyond this are refused rather than compared (a quadratic cost). */
const MAX_NAMES = 1024;
const MAX_NAME_CHECKS = 1 << 16;

const countOf = (nc: pkijs.NameConstraints) =>
  (nc.permittedSubtrees?.length ?? 0) + (nc.excludedSubtrees?.length ?? 0);

function isCaCertificate(cert: pkijs.Certificate): boolean {
  const basic = cert.extensions?.find((e) => e.extnID === EXT.basicConstraints)?.parsedValue as
    | pkijs.BasicConstraints
    | undefined;
  return basic?.cA === true;
}

/** A DNS name in preferred name syntax (RFC 1034 §3.5, as RFC 5280 §4.2.1.6 asks), maybe a wildcard. */
const DNS_NAME = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/i;

function isMailbox(value: string): boolean {
  const at = value.lastIndexOf('@');
  return at > 0 && !/[\s@]/.test(value.slice(0, at)) && DNS_NAME.test(value.slice(at + 1));
}

/**
 * What RFC 5280 §4 asks of one certificate's own fields and extensions, wherever it sits in the
 * path: the words of a sentence when something is wrong, undefined when nothing is.
 */
function profileProblem(cert: pkijs.Certificate, isCa: boolean): string | undefined {
  if (cert.issuer.typesAndValues.length === 0) return 'names no issuer';
  if (isCa && cert.subject.typesAndValues.length === 0) return 'is a certificate authority without a name';
  const extensions = cert.extensions ?? [];
  const seen = new Set<string>();
  for (const ext of extensions) {
    if (seen.has(ext.extnID)) return 'repeats a certificate extension';
    seen.add(ext.extnID);
    if (ext.critical && !UNDERSTOOD.has(ext.extnID)) {
      return `has a critical extension Signet does not understand (${ext.extnID})`;
    }
    if (ext.critical && (ext.extnID === EXT.authorityKeyId || ext.extnID === EXT.subjectKeyId)) {
      return 'marks a key identifier critical, which it may not';
    }
    if (!ext.critical && ext.extnID === EXT.policyConstraints)
      return 'has policy constraints not marked critical';
  }
  const find = (id: string) => extensions.find((e) => e.extnID === id);
  const eku = find(EXT.extKeyUsage);
  if (eku && !(eku.parsedValue instanceof pkijs.ExtKeyUsage && eku.parsedValue.keyPurposes.length > 0)) {
    return 'has an empty or damaged extended key usage';
  }
  const san = find(EXT.subjectAltName);
  if (san) {
    const names = san.parsedValue instanceof pkijs.AltName ? san.parsedValue.altNames : [];
    if (names.length === 0) return 'has an empty or damaged alternative name';
    if (names.length > MAX_NAMES) return 'has too many alternative names to check';
    if (cert.subject.typesAndValues.length === 0 && !san.critical) {
      return 'has no name but does not mark its alternative name critical';
    }
    if (names.some((n) => n.type === 2 && !DNS_NAME.test(String(n.value)))) return 'has a malformed DNS name';
    if (names.some((n) => n.type === 1 && !isMailbox(String(n.value))))
      return 'has a malformed e-mail address';
  } else if (cert.subject.typesAndValues.length === 0) {
    return 'has no name at all';
  }
  const ku = find(EXT.keyUsage)?.parsedValue as { valueBlock?: { valueHexView?: Uint8Array } } | undefined;
  const bits = ku?.valueBlock?.valueHexView;
  if (bits && ((bits[0] ?? 0) & (0x80 >> KEY_CERT_SIGN)) !== 0 && !isCa) {
    return 'may sign certificates but is not a certificate authority';
  }
  const nc = find(EXT.nameConstraints);
  if (nc) {
    if (!isCa) return 'has name constraints but is not a certificate authority';
    const value = nc.parsedValue as pkijs.NameConstraints | undefined;
    const subtrees = [...(value?.permittedSubtrees ?? []), ...(value?.excludedSubtrees ?? [])];
    if (subtrees.some((s) => s.base.type === 2 && String(s.base.value).startsWith('.'))) {
      return 'has a malformed DNS name constraint';
    }
  }
  return undefined;
}
