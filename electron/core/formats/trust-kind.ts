import type { SignerFact, SignerNoun } from '../../../shared/trusted-signer';
import type { QuickFieldList } from '../trust/quick-fields';

/** What every stored trust entry holds, as a kind's hooks see it (each kind adds its own fields). */
interface EntryCommon {
  kind: string;
  keyId: string;
}

/**
 * The trust entries a format owns (Authenticode owns 'x509' publishers; signify owns none and reads
 * minisign's keys), and what the screens, main's dialogs and `signet trust list` say about them.
 * Each hook works on its own kind's entry; nothing outside the format's folder switches on a kind.
 */
export interface TrustKind<E extends EntryCommon = EntryCommon> {
  /** The `kind` its entries carry in the trust list. */
  readonly kind: string;
  /** The kind in words, for a card and a dialog ("OpenPGP key"). */
  readonly kindWords: string;
  /** What a person trusts with an entry of this kind; the added and removed sentences follow it. */
  readonly noun: SignerNoun;
  /** What a card's meta line starts with: the key id (a raw key), the kind's words, or both. */
  readonly meta: readonly ('key-id' | 'kind')[];
  /**
   * The facts its card shows, in order. May load the format's libraries (an OpenPGP certificate is
   * read to summarise it); never throws: an entry that no longer reads shows what the entry holds.
   */
  describe(entry: E): Promise<readonly SignerFact[]>;
  /** What main's removal dialog names, so the person can tell which entry goes. */
  removalFacts(entry: E): readonly SignerFact[];
  /** A note for the entry's line in `signet trust list`, where the key id alone does not say who. */
  listNote?(entry: E): string | undefined;
  /**
   * The entry's own fields after `kind`, in its schema's order, as a list read without zod takes them
   * (core/trust/trust-file-quick.ts); absent: a list holding such an entry is read by the schemas.
   */
  readonly quickFields?: QuickFieldList;
}
