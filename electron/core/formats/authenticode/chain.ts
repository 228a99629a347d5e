import { X509Certificate } from 'node:crypto';
import type { VerifyPolicy } from '../../policy/verify-policy';
import { commonNameOf } from './common-name';
import { validatePath } from './path-validation';

/** Longer real chains do not exist; the bounds keep a hostile pool of certificates cheap. */
const MAX_DEPTH = 8;
const MAX_STEPS = 256;

export type ChainProblem =
  | 'self-signed'
  | 'untrusted-root'
  | 'not-a-ca'
  | 'invalid'
  | 'weak-signature'
  | 'wrong-purpose'
  | 'expired'
  | 'not-yet-valid';

export type ChainResult =
  | { ok: true; path: readonly X509Certificate[] }
  | { ok: false; problem: ChainProblem; reason: string; path: readonly X509Certificate[] };

export interface Anchors {
  byFingerprint: ReadonlySet<string>;
  bySubject: ReadonlyMap<string, readonly X509Certificate[]>;
}

const anchorCache = new WeakMap<readonly Uint8Array[], Anchors>();
/** Each root parsed once per process, whichever list it comes in (signing's TSA roots, then the check's). */
const parsedRoots = new WeakMap<Uint8Array, X509Certificate | null>();

function parsedRoot(der: Uint8Array): X509Certificate | null {
  let cert = parsedRoots.get(der);
  if (cert === undefined) {
    try {
      cert = new X509Certificate(der);
    } catch {
      cert = null;
    }
    parsedRoots.set(der, cert);
  }
  return cert;
}

/**
 * Parses `roots` a few at a time between other work (signing's copy of the file, a check's wait for
 * its hash), so the check that follows finds them parsed: a system store holds ~150, tens of ms in
 * all. `withAnchors`: then their anchors, for a check that will be given this very list (signing's
 * check of the timestamp). Kept referenced: an unreferenced immediate runs only when something else
 * wakes the loop.
 */
export function parseRootsSoon(roots: readonly Uint8Array[], options: { withAnchors?: boolean } = {}): void {
  const each = 8;
  let at = 0;
  const slice = () => {
    for (const end = Math.min(roots.length, at + each); at < end; at++) parsedRoot(roots[at]!);
    if (at < roots.length) setImmediate(slice);
    else if (options.withAnchors) anchorsOf(roots);
  };
  setImmediate(slice);
}

/** Parses trusted roots once per list; unreadable entries are skipped (a store may hold odd ones). */
export function anchorsOf(roots: readonly Uint8Array[]): Anchors {
  const cached = anchorCache.get(roots);
  if (cached) return cached;
  const byFingerprint = new Set<string>();
  const bySubject = new Map<string, X509Certificate[]>();
  for (const der of roots) {
    const cert = parsedRoot(der);
    if (!cert) continue;
    byFingerprint.add(cert.fingerprint256);
    bySubject.set(cert.subject, [...(bySubject.get(cert.subject) ?? []), cert]);
  }
  const anchors = { byFingerprint, bySubject };
  anchorCache.set(roots, anchors);
  return anchors;
}

type Failure = Extract<ChainResult, { ok: false }>;

/** The extended key usage the leaf is judged for; undefined (path rules alone) only in tests. */
export interface Purpose {
  oid?: string;
  label: string;
}

/**
 * Builds paths from `leaf` through the signature's own certificates to a trusted anchor (a root,
 * or any certificate the person chose to trust) and judges each as RFC 5280 does
 * (`path-validation.ts`): every issuer a CA allowed to sign certificates, path lengths, name
 * constraints, no critical extension left unread, every CA's extended key usage allowing
 * `purpose` (as Windows nests them), certificate signatures the policy accepts, the leaf made for
 * `purpose`, and every certificate valid at `at`. The first path that passes wins; otherwise the
 * first anchored path's problem is told. Nothing here reads the clock.
 */
export function checkChain(
  leaf: X509Certificate,
  pool: readonly X509Certificate[],
  anchors: Anchors,
  purpose: Purpose,
  at: Date,
  policy: VerifyPolicy,
): ChainResult {
  let first: Failure | undefined;
  const judge = (path: X509Certificate[]): boolean => {
    const problem = judgePath(path, leaf, purpose, at, policy);
    if (!problem) return true;
    first ??= problem;
    return false;
  };
  const { found, longest } = findPath(leaf, pool, anchors, judge);
  if (found) return { ok: true, path: found };
  if (first) return first;
  const top = longest[longest.length - 1]!;
  if (longest.length === 1 && isSelfSigned(leaf)) {
    return {
      ok: false,
      problem: 'self-signed',
      reason: 'the publisher’s certificate is self-signed: no authority confirmed the name',
      path: longest,
    };
  }
  const missing = isSelfSigned(top) ? commonNameOf(top.subject) : commonNameOf(top.issuer);
  return {
    ok: false,
    problem: 'untrusted-root',
    reason: `the certificate chain ends at “${missing}”, which is not a root you trust`,
    path: longest,
  };
}

function judgePath(
  path: X509Certificate[],
  leaf: X509Certificate,
  purpose: Purpose,
  at: Date,
  policy: VerifyPolicy,
): Failure | undefined {
  const problem = validatePath(path, {
    purpose: purpose.oid,
    // No signing time here on purpose: a timestamp must not make SHA-1 acceptable again.
    acceptsHash: (hash) => policy.hash(hash, 'document').ok,
    nameOf: (cert) => commonNameOf(cert.subject),
  });
  if (problem) return { ok: false, problem: problem.kind, reason: problem.reason, path };
  if (purpose.oid !== undefined && !(leaf.keyUsage ?? []).includes(purpose.oid)) {
    return {
      ok: false,
      problem: 'wrong-purpose',
      reason: `the certificate is not made for ${purpose.label}`,
      path,
    };
  }
  for (const cert of path) {
    // notAfter is inclusive and has whole seconds: the last second is valid to its end.
    const until = new Date(new Date(cert.validTo).getTime() + 1000);
    const decision = policy.window({ from: new Date(cert.validFrom), until }, at);
    if (!decision.ok) {
      const who =
        cert === leaf ? 'the publisher’s certificate' : `the certificate of “${commonNameOf(cert.subject)}”`;
      const problem = decision.rule === 'not-yet-valid' ? 'not-yet-valid' : 'expired';
      const when =
        problem === 'expired'
          ? `had expired on ${new Date(cert.validTo).toISOString().slice(0, 10)}`
          : 'was not yet valid';
      return { ok: false, problem, reason: `${who} ${when}`, path };
    }
  }
  return undefined;
}

/**
 * Depth-first, roots before the signature's own certificates, no certificate twice in one path;
 * each path that reaches an anchor is offered to `accept`, and the search goes on when it says no.
 */
function findPath(
  leaf: X509Certificate,
  pool: readonly X509Certificate[],
  anchors: Anchors,
  accept: (path: X509Certificate[]) => boolean,
): { found?: X509Certificate[]; longest: X509Certificate[] } {
  let longest: X509Certificate[] = [leaf];
  let steps = 0;
  const walk = (path: X509Certificate[]): X509Certificate[] | undefined => {
    const current = path[path.length - 1]!;
    if (anchors.byFingerprint.has(current.fingerprint256) || isAnchorByKey(current, anchors)) {
      return accept(path) ? path : undefined;
    }
    if (path.length > longest.length) longest = path;
    if (path.length >= MAX_DEPTH) return undefined;
    const candidates = [
      ...(anchors.bySubject.get(current.issuer) ?? []),
      ...pool.filter((c) => c.subject === current.issuer),
    ];
    for (const issuer of candidates) {
      if (++steps > MAX_STEPS) return undefined;
      if (path.some((c) => c.fingerprint256 === issuer.fingerprint256)) continue;
      if (!issuedBy(current, issuer)) continue;
      const found = walk([...path, issuer]);
      if (found) return found;
    }
    return undefined;
  };
  const found = walk([leaf]);
  return found ? { found, longest } : { longest };
}

/** A certificate with the same name and key as a trusted one (a cross-signed copy) counts as it. */
function isAnchorByKey(cert: X509Certificate, anchors: Anchors): boolean {
  return (anchors.bySubject.get(cert.subject) ?? []).some((a) => a.publicKey.equals(cert.publicKey));
}

/**
 * Name chaining plus the issuer's signature. Not checkIssued: it also demands keyCertSign, which
 * would turn "this issuer is not a CA" into a vaguer "no trusted root".
 */
function issuedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return cert.issuer === issuer.subject && cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

/** Same name as issuer and signed by its own key; checkIssued alone would also want keyCertSign. */
function isSelfSigned(cert: X509Certificate): boolean {
  try {
    return cert.subject === cert.issuer && cert.verify(cert.publicKey);
  } catch {
    return false;
  }
}
