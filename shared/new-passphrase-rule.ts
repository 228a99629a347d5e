import { passphraseStrength } from './passphrase-strength';

/**
 * The one rule for a passphrase that will protect a new (or newly imported) key, in the passphrase
 * window and in `signet keygen` alike: a "Very weak" one is refused outright. A second "Use it anyway"
 * click would become a reflex, and the passphrase is all that stands between a copied key file (a
 * stolen laptop, a backup left on a share) and forged release signatures: `password1` falls to the
 * first guesses of any list. Weak but not very weak passphrases are allowed, with the hint shown.
 * Returns why it is refused, or undefined when it may be used.
 */
export function newPassphraseRefusal(passphrase: string): string | undefined {
  const strength = passphraseStrength(passphrase);
  if (passphrase.length === 0 || strength.score > 0) return undefined;
  return `That passphrase is very weak, so Signet does not protect a key with it. ${strength.hint}`;
}
