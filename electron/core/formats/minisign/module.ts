import { readSignedComment } from '../../../../shared/signed-comment';
import { ed25519Verify } from '../../crypto/ed25519';
import { bytesEqual } from '../../encoding/bytes';
import { ed25519ChallengePrefix, ed25519VerifyWithChallenge } from '../common/ed25519-challenge';
import { namesOtherFile, otherFileCheck } from '../common/other-file';
import { changedReason, unknownSignerReason, validSignedBy } from '../common/reasons';
import { entryWindowProblem } from '../common/window';
import type {
  CheckContext,
  ContentFacts,
  FormatCheck,
  FormatModule,
  ParsedSignature,
} from '../format-module';
import { minisignFacts } from './descriptor';
import { keyIdFromKeyNum } from './key-id';
import {
  globallySignedBytes,
  type MinisignSignature,
  parseMinisignSignature,
  verifyMinisignSignature,
} from './signature';
import { minisignSigning } from './signing';
import type { MinisignTrustEntry } from './trust-entry';

export interface ParsedMinisign extends ParsedSignature {
  signature: MinisignSignature;
}

const keyBytes = (entry: MinisignTrustEntry) => new Uint8Array(Buffer.from(entry.publicKey, 'base64'));
const keyNumOf = (entry: MinisignTrustEntry) => new Uint8Array(Buffer.from(entry.keyNum, 'base64'));

/** Entries whose key number is the one the signature names: two may share one, so each is tried. */
export function entriesForKeyNum(
  trust: readonly MinisignTrustEntry[],
  keyNum: Uint8Array,
): MinisignTrustEntry[] {
  return trust.filter((entry) => bytesEqual(keyNumOf(entry), keyNum));
}

const LEGACY_ALGORITHM = 'Ed25519 over the whole file (minisign legacy)';
const HASHED_ALGORITHM = 'Ed25519 over a BLAKE2b-512 hash (minisign)';

export const minisignModule: FormatModule<ParsedMinisign, MinisignTrustEntry> = {
  ...minisignFacts,
  signing: minisignSigning,
  parse(bytes) {
    const signature = parseMinisignSignature(bytes);
    const legacy = signature.algorithm === 'Ed';
    return {
      format: 'minisign',
      ...(legacy ? { variant: 'legacy' } : {}),
      signature,
      needs: legacy ? [] : [{ kind: 'digests', algorithms: ['blake2b512'] }],
    };
  },
  needsWith(sig, trust) {
    if (sig.signature.algorithm === 'ED') return sig.needs;
    return entriesForKeyNum(trust, sig.signature.keyNum).map((entry) => ({
      kind: 'prefixed-hash' as const,
      algorithm: 'sha512' as const,
      prefix: ed25519ChallengePrefix(sig.signature.signature, keyBytes(entry)),
    }));
  },
  precheck(sig, policy) {
    const decision = policy.variant('minisign', sig.variant);
    return decision.ok ? decision : { ok: false, rule: decision.rule, reason: decision.detail };
  },
  check(sig, content, ctx) {
    const s = sig.signature;
    const legacy = s.algorithm === 'Ed';
    const keyId = keyIdFromKeyNum(s.keyNum);
    const base = { algorithm: legacy ? LEGACY_ALGORITHM : HASHED_ALGORITHM, keyId };
    const candidates = entriesForKeyNum(ctx.trust, s.keyNum);
    if (candidates.length === 0) {
      return { ...base, outcome: 'unknown-signer', reason: unknownSignerReason(keyId, ctx) };
    }
    const results: Result[] = [];
    for (const [index, entry] of candidates.entries()) {
      const result = legacy ? checkLegacy(s, entry, content, index) : checkHashed(s, entry, content);
      if (result === 'ok') return validCheck(base, s, entry, ctx);
      results.push(result);
    }
    const problem =
      (['bad-global-signature', 'bad-signature'] as const).find((p) => results.includes(p)) ?? 'other-key';
    if (problem === 'other-key') {
      // Neither half verifies with any trusted key of that id: another key made it, whose 8-byte id
      // is the same by chance or by design. That says nothing about the file having changed.
      return { ...base, outcome: 'unknown-signer', reason: otherKeyReason(keyId, ctx) };
    }
    const forFile = problem === 'bad-signature' ? signedFileName(s, candidates) : undefined;
    if (forFile !== undefined && namesOtherFile(forFile, ctx.fileName)) return otherFileCheck(forFile, base);
    return {
      ...base,
      outcome: 'invalid',
      reason:
        problem === 'bad-global-signature'
          ? 'The signed comment in the signature was changed after signing.'
          : changedReason(ctx.what),
    };
  },
};

/**
 * `other-key`: neither the signature over the content nor the one over the comment verifies with
 * this key, so this key did not sign (the comment's signature does not depend on the content).
 */
type Result = 'ok' | 'bad-signature' | 'bad-global-signature' | 'other-key';

function checkHashed(s: MinisignSignature, entry: MinisignTrustEntry, content: ContentFacts): Result {
  const digest = content.digests.blake2b512;
  if (digest?.length !== 64) return 'bad-signature';
  const result = verifyMinisignSignature(
    s,
    { keyNum: s.keyNum, publicKey: keyBytes(entry) },
    { blake2b512: new Uint8Array(digest) },
  );
  if (result.ok) return 'ok';
  if (result.problem === 'bad-global-signature') return result.problem;
  return signedCommentWith(s, keyBytes(entry)) ? 'bad-signature' : 'other-key';
}

/** Whether `publicKey` made the signature over the signed comment: the half the content cannot change. */
function signedCommentWith(s: MinisignSignature, publicKey: Uint8Array): boolean {
  if (/[\r\n\0]/.test(s.trustedComment)) return false;
  return ed25519Verify(s.globalSignature, globallySignedBytes(s.signature, s.trustedComment), publicKey);
}

function otherKeyReason(keyId: string, ctx: CheckContext<MinisignTrustEntry>): string {
  if (ctx.trustSource === 'given' || ctx.trustSource === 'allowed-signers')
    return unknownSignerReason(keyId, ctx);
  return `${ctx.what} was signed with another key that has the same key id (${keyId}) as one of your trusted signers; that key is not one of them.`;
}

function checkLegacy(
  s: MinisignSignature,
  entry: MinisignTrustEntry,
  content: ContentFacts,
  index: number,
): Result {
  const challenge = content.prefixed?.[index];
  const publicKey = keyBytes(entry);
  if (!challenge || !ed25519VerifyWithChallenge(s.signature, publicKey, challenge)) {
    return signedCommentWith(s, publicKey) ? 'bad-signature' : 'other-key';
  }
  if (/[\r\n\0]/.test(s.trustedComment)) return 'bad-global-signature';
  const global = globallySignedBytes(s.signature, s.trustedComment);
  return ed25519Verify(s.globalSignature, global, publicKey) ? 'ok' : 'bad-global-signature';
}

function validCheck(
  base: { algorithm: string; keyId: string },
  s: MinisignSignature,
  entry: MinisignTrustEntry,
  ctx: CheckContext<MinisignTrustEntry>,
): FormatCheck {
  const outside = entryWindowProblem(entry, ctx.policy);
  if (outside) return { ...base, ...outside };
  const signedAt = signedAtFromTrustedComment(s.trustedComment);
  return {
    ...base,
    ...validSignedBy(entry, ctx.what),
    trustedComment: s.trustedComment,
    ...(signedAt ? { signedAt, signedAtSource: 'signer' as const } : {}),
  };
}

/** minisign's default trusted comment starts `timestamp:<unix seconds>`; that is the signed time. */
export function signedAtFromTrustedComment(comment: string): string | undefined {
  const match = /(?:^|\t)timestamp:(\d{1,12})(?:\t|$)/.exec(comment);
  if (!match?.[1]) return undefined;
  const date = new Date(Number(match[1]) * 1000);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/**
 * The `file:` a trusted key vouched for in the signed comment. The comment's own signature covers
 * only the file signature and the comment, so it checks out even when the file does not: a
 * signature left from acme-1.0.exe beside acme-1.1.exe says so, in the signer's signed words.
 */
function signedFileName(s: MinisignSignature, candidates: readonly MinisignTrustEntry[]): string | undefined {
  if (/[\r\n\0]/.test(s.trustedComment)) return undefined;
  const global = globallySignedBytes(s.signature, s.trustedComment);
  if (!candidates.some((entry) => ed25519Verify(s.globalSignature, global, keyBytes(entry))))
    return undefined;
  return readSignedComment(s.trustedComment).forFile;
}
