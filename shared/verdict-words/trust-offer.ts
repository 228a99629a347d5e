import type { VerdictCode } from '../verdict-code';
import { signatureFactsOf } from '../verdict-facts';
import { type WordsContext, type WordsInput, wordsCode } from './input';

/**
 * What "Trust this …" would add: a raw key (through the Trusted signers form), a publisher pinned by
 * its certificate, an identity as the certificate states it, or an OpenPGP certificate the person
 * supplies. Main decides again from its own verdict and re-checks before anything is added.
 */
export type TrustOffer = 'key' | 'publisher' | 'identity' | 'certificate';

/**
 * Causes a person can settle by adding the signer: not a revoked or expired key (already theirs or
 * not, it stays withdrawn), not a publisher the organisation refuses, not an untrusted or broken
 * chain, not another service or an unreadable policy.
 */
const SETTLED_BY_ADDING: ReadonlySet<VerdictCode> = new Set(['key-not-trusted', 'identity-mismatch']);

/** Whether the verdict names a signer that could be added, whoever may add it. */
export function trustOfferOf(
  result: Pick<WordsInput, 'verdict' | 'code' | 'facts' | 'keyId'>,
): TrustOffer | undefined {
  if (result.verdict !== 'unknown-signer' || !SETTLED_BY_ADDING.has(wordsCode(result))) return undefined;
  const facts = signatureFactsOf(result.facts);
  switch (facts?.kind) {
    case 'authenticode':
      return facts.thumbprint ? 'publisher' : undefined;
    case 'sigstore':
      return facts.identity && facts.issuer ? 'identity' : undefined;
    case 'openpgp':
      return 'certificate';
    case 'minisign':
    case 'signify':
    case 'ssh':
      return facts.keyId ? 'key' : undefined;
    default:
      return undefined;
  }
}

/** The offer a card shows: only where this person may add that kind of signer. */
export function cardTrustOffer(
  result: Pick<WordsInput, 'verdict' | 'code' | 'facts' | 'keyId'>,
  context: WordsContext,
): TrustOffer | undefined {
  return context.userMayAdd === false ? undefined : trustOfferOf(result);
}
