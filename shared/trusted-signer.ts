/**
 * A trusted signer as every screen and the CLI see it: common facts, plus typed facts the format
 * that owns the entry's kind chooses. Nothing here names a kind; the renderer draws each fact
 * through one table of labels, so a new kind needs no new card code.
 */

/** One fact a signer's card (or main's removal dialog) names, typed so each place labels it itself. */
export type SignerFact =
  /** An OpenPGP primary fingerprint: upper-case hex, no spaces. */
  | { fact: 'fingerprint'; hex: string }
  /** The key's own claim (an OpenPGP User ID), never the name Signet shows. */
  | { fact: 'key-says'; text: string }
  /** When the key expires (ISO time); absent `at`: it does not. */
  | { fact: 'expires'; at?: string }
  | { fact: 'subkeys'; count: number }
  | { fact: 'identity'; text: string }
  | { fact: 'issuer'; text: string }
  /** The publisher a pinned certificate names (organisation, else common name). */
  | { fact: 'certificate-names'; text: string }
  | { fact: 'issued-by'; text: string }
  /** Lower-case hex SHA-256 of a pinned certificate. */
  | { fact: 'thumbprint-sha256'; hex: string }
  /** A certificate subject, one KEY=value per line. */
  | { fact: 'subject'; text: string }
  | { fact: 'root-sha256'; hex: string }
  | { fact: 'valid'; from: string; to: string }
  | { fact: 'key-id'; text: string };

export type SignerFactName = SignerFact['fact'];

/**
 * What a person trusts when they trust an entry of a kind: a key, an identity or a certificate.
 * The added, removed and "will then show" sentences follow from it (shared/trust-wording.ts).
 */
export type SignerNoun = 'key' | 'identity' | 'certificate';

/** What every trusted entry shows, whatever its kind. */
interface TrustedEntryCommon {
  /** The entry's id in the trust list (key id, OpenPGP fingerprint, identity or thumbprint id). */
  keyId: string;
  name: string;
  note?: string;
  source: 'user' | 'managed';
  addedAt: string;
  /** The name of the file the key or certificate was added from, when it came from one. */
  addedFrom?: string;
}

export interface TrustedSignerInfo extends TrustedEntryCommon {
  /** The trust entry's kind: a data attribute and a key into the renderer's one component map. */
  kind: string;
  /** What kind of signer this is, in words ("OpenPGP key"). */
  kindWords: string;
  noun: SignerNoun;
  /** What the card's meta line starts with: the key id (a raw key), the kind's words, or both. */
  meta: readonly ('key-id' | 'kind')[];
  /** In the order the card shows them. */
  facts: readonly SignerFact[];
}
