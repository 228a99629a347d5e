import type { SignatureFacts } from '../../../shared/verdict-facts';
import type { TrustOffer } from '../../../shared/verdict-words/trust-offer';
import type { StoredEntry, TrustEntry } from '../trust/trust-entry';
import type { VerifyOptions } from '../verify/verify-options';

/** What a signer is added as: the entry's id, name and kind, for the page's answer. */
type AddedEntry = Pick<TrustEntry, 'keyId' | 'name' | 'kind'>;

/**
 * What "trust this signer" needs of the trust list, each kind its own way of adding: main's trust
 * port meets it, and itself refuses what the person may not add.
 */
interface SignerTrustPort {
  add(input: { keyText: string; name: string; note?: string; addedFrom?: string }): Promise<AddedEntry>;
  addIdentity(input: {
    entry: (name: string, addedAt: string) => StoredEntry;
    name: string;
  }): Promise<AddedEntry>;
  addPublisher(input: {
    certificate: Uint8Array;
    name: string;
    note?: string;
    addedFrom?: string;
  }): Promise<AddedEntry>;
}

/**
 * A signer main found on a file's signature, ready to be trusted: what to check it with, what to
 * tell the person, and how to add it. Built only from main's own reading of the file.
 */
export interface VerdictSigner {
  /** The trust list id it will have (duplicates are refused before anyone is asked). */
  keyId: string;
  /** "certificate", "identity", "key": the noun in sentences. */
  noun: string;
  /** Lines for main's confirmation: the facts the person compares with what the publisher documents. */
  facts: string[];
  /** Trust material for main's own re-check: this signer alone must make the signature verify. */
  given: Pick<VerifyOptions, 'givenEntries' | 'publicKeyText' | 'publicKeyBytes'>;
  add(trust: SignerTrustPort, input: { name: string; note?: string; addedFrom: string }): Promise<AddedEntry>;
}

/**
 * A format whose signature carries its own signer (a publisher's certificate, a keyless identity):
 * the signer its verdict's facts name, when they name the one this offer adds. Loads the format's
 * code only when asked.
 */
export type VerdictSignerHook = (
  file: string,
  facts: SignatureFacts,
  offer: TrustOffer,
) => Promise<VerdictSigner | undefined>;

/**
 * A format whose verified verdict names no key (a keyless signature): the id of the trust entry
 * that matched it, so the card's "Trusted because" row finds it. Cheap; never throws.
 */
export type VerifiedByHook = (
  facts: SignatureFacts,
  signerName: string | undefined,
  trusted: readonly TrustEntry[],
) => string | undefined;
