import { decodeUtf8Strict } from '../../encoding/utf8';
import { ed25519ChallengePrefix, ed25519VerifyWithChallenge } from '../common/ed25519-challenge';
import { changedReason, unknownSignerReason, validSignedBy } from '../common/reasons';
import { lineStarts } from '../common/text-head';
import { entryWindowProblem } from '../common/window';
import type { FormatModule, ParsedSignature } from '../format-module';
import { keyIdFromKeyNum } from '../minisign/key-id';
import { entriesForKeyNum } from '../minisign/module';
import type { MinisignTrustEntry } from '../minisign/trust-entry';
import { signifyFacts } from './descriptor';
import { parseSignifyEmbedded } from './embedded';
import { parseSignifySignature, type SignifySignature } from './signature';

export interface ParsedSignify extends ParsedSignature {
  signature: SignifySignature;
}

const keyBytes = (entry: MinisignTrustEntry) => new Uint8Array(Buffer.from(entry.publicKey, 'base64'));

/**
 * signify: two lines, then nothing (detached) or the signed message itself (`signify -e`, and
 * OpenBSD's SHA256.sig lists). Its keys are minisign keys, so it accepts minisign entries.
 */
export const signifyModule: FormatModule<ParsedSignify, MinisignTrustEntry> = {
  ...signifyFacts,
  parse(bytes) {
    const third = lineStarts(bytes, 3)[2];
    // Two lines and nothing (or only a newline) after: a detached signature.
    if (third === undefined || third >= bytes.length) {
      const signature = parseSignifySignature(decodeUtf8Strict(bytes, 'The signature file'));
      return { format: 'signify', signature, needs: [] };
    }
    const embedded = parseSignifyEmbedded(bytes);
    return {
      format: 'signify',
      variant: 'embedded',
      signature: embedded.signature,
      carriedMessage: embedded.message,
      needs: [],
    };
  },
  needsWith(sig, trust) {
    return entriesForKeyNum(trust, sig.signature.keyNum).map((entry) => ({
      kind: 'prefixed-hash' as const,
      algorithm: 'sha512' as const,
      prefix: ed25519ChallengePrefix(sig.signature.signature, keyBytes(entry)),
    }));
  },
  precheck(sig, policy) {
    const decision = policy.variant('signify', sig.variant);
    return decision.ok ? decision : { ok: false, rule: decision.rule, reason: decision.detail };
  },
  check(sig, content, ctx) {
    const keyId = keyIdFromKeyNum(sig.signature.keyNum);
    const base = { algorithm: 'Ed25519 over the whole file (signify)', keyId };
    const candidates = entriesForKeyNum(ctx.trust, sig.signature.keyNum);
    if (candidates.length === 0) {
      return { ...base, outcome: 'unknown-signer', reason: unknownSignerReason(keyId, ctx) };
    }
    for (const [index, entry] of candidates.entries()) {
      const challenge = content.prefixed?.[index];
      if (challenge && ed25519VerifyWithChallenge(sig.signature.signature, keyBytes(entry), challenge)) {
        const outside = entryWindowProblem(entry, ctx.policy);
        return outside ? { ...base, ...outside } : { ...base, ...validSignedBy(entry, ctx.what) };
      }
    }
    return { ...base, outcome: 'invalid', reason: changedReason(ctx.what) };
  },
};
