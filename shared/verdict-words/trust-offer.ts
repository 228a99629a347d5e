import type { VerdictCode } from '../verdict-code';
import { type FactsOfKind, publisherFactsOf, type SignatureFacts, signatureFactsOf } from '../verdict-facts';
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

/**
 * A self-signed publisher has no authority to be untrusted: pinning exactly its certificate is how
 * a person trusts it (an in-house tool), unlike a chain that ends at an authority nobody trusts.
 */
function selfSignedPublisher(result: Pick<WordsInput, 'code' | 'facts' | 'verdict'>): boolean {
  return wordsCode(result) === 'chain-untrusted-root' && publisherFactsOf(result.facts)?.selfSigned === true;
}

/** Whether the verdict names a signer that could be added, whoever may add it. */
export function trustOfferOf(
  result: Pick<WordsInput, 'verdict' | 'code' | 'facts' | 'keyId'>,
): TrustOffer | undefined {
  if (result.verdict !== 'unknown-signer') return undefined;
  const facts = signatureFactsOf(result.facts);
  if (!SETTLED_BY_ADDING.has(wordsCode(result)) && !selfSignedPublisher(result)) return undefined;
  return facts ? offerFor(facts) : undefined;
}

/** What each kind of signer is added as, and whether its facts name one at all. */
const OFFERS: {
  [K in SignatureFacts['kind']]: (f: FactsOfKind<K>) => TrustOffer | undefined;
} = {
  authenticode: (f) => (f.thumbprint ? 'publisher' : undefined),
  sigstore: (f) => (f.identity && f.issuer ? 'identity' : undefined),
  openpgp: () => 'certificate',
  minisign: (f) => (f.keyId ? 'key' : undefined),
  signify: (f) => (f.keyId ? 'key' : undefined),
  ssh: (f) => (f.keyId ? 'key' : undefined),
};

function offerFor<K extends SignatureFacts['kind']>(facts: FactsOfKind<K>): TrustOffer | undefined {
  const offer = OFFERS[facts.kind] as (f: typeof facts) => TrustOffer | undefined;
  return offer(facts);
}

/** The offer a card shows: only where this person may add that kind of signer. */
export function cardTrustOffer(
  result: Pick<WordsInput, 'verdict' | 'code' | 'facts' | 'keyId'>,
  context: WordsContext,
): TrustOffer | undefined {
  return context.userMayAdd === false ? undefined : trustOfferOf(result);
}
