import { SignetError } from '../errors';

export const MAX_KEY_NAME_LENGTH = 100;

/**
 * A key's display name: trimmed, 1-100 characters, no control or text-direction characters (which
 * could make one name look like another).
 */
export function checkKeyName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') throw new SignetError('usage', 'Give the key a name.');
  if ([...trimmed].length > MAX_KEY_NAME_LENGTH) {
    throw new SignetError('usage', `The name is too long (${MAX_KEY_NAME_LENGTH} characters at most).`);
  }
  if ([...trimmed].some(isControlCharacter)) {
    throw new SignetError('usage', 'The name contains control characters.');
  }
  return trimmed;
}

/** Two names that differ only in case or Unicode form are the same name to a person. */
export function sameKeyName(a: string, b: string): boolean {
  return a.normalize('NFC').toLowerCase() === b.normalize('NFC').toLowerCase();
}

function isControlCharacter(ch: string): boolean {
  const code = ch.codePointAt(0) ?? 0;
  return (
    code < 0x20 ||
    (code >= 0x7f && code < 0xa0) ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}
