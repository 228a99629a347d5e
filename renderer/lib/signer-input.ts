import { hasHiddenCharacters } from '../../shared/hidden-characters';
import { IDENTITY_SHAPE } from '../../shared/sigstore-identity-shape';

/** Checks a new signer's name as main will, so the reason shows beside the field before anything is sent. */
export function signerNameProblem(raw: string): string | null {
  const name = raw.trim();
  if (name === '') return 'Give this signer a name you will recognise, such as the company or project.';
  if (hasHiddenCharacters(name)) {
    return 'This name contains hidden characters (control, direction or invisible characters). Type it again by hand.';
  }
  if (name.length > 100) return 'A name is at most 100 characters.';
  return null;
}

/** An identity or issuer is compared exactly: nothing a person cannot see, no spaces. */
export function exactTextProblem(raw: string, what: 'identity' | 'issuer'): string | null {
  const text = raw.trim();
  if (text === '') {
    return what === 'identity'
      ? 'Give the identity the publisher documents (an email address or a workflow address).'
      : 'Give the issuer the publisher documents, such as https://accounts.google.com.';
  }
  if (hasHiddenCharacters(text))
    return `The ${what} contains hidden characters. Type or paste it again from the publisher’s page.`;
  if (/\s/.test(text)) return `The ${what} cannot contain spaces.`;
  if (/[*?^$|()[\]{}\\]/.test(text) && what === 'identity') {
    return 'Give the exact identity, not a pattern: Signet compares it character for character.';
  }
  if (what === 'issuer' && !/^https:\/\/[^/?#\s]+/.test(text))
    return 'The issuer is an address starting with https://.';
  if (what === 'identity' && !IDENTITY_SHAPE.test(text)) {
    return 'An identity is an email address, or an address such as https://github.com/… for a build workflow.';
  }
  return null;
}

/** main's "you did not confirm" and the organisation's refusal belong under the form, not beside a field. */
export function isFormLevelError(message: string): boolean {
  return message.startsWith('You did not confirm') || message.includes('Ask your IT team');
}
