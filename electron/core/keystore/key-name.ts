import { hasHiddenCharacters } from '../../../shared/hidden-characters';
import { SignetError } from '../errors';

const MAX_KEY_NAME_LENGTH = 100;

/**
 * A key's display name: trimmed, 1-100 characters, no hidden characters (shared/hidden-characters.ts:
 * controls, zero-width and text-direction characters, which could make one name look like another).
 */
export function checkKeyName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') throw new SignetError('usage', 'Give the key a name.');
  if ([...trimmed].length > MAX_KEY_NAME_LENGTH) {
    throw new SignetError('usage', `The name is too long (${MAX_KEY_NAME_LENGTH} characters at most).`);
  }
  if (hasHiddenCharacters(trimmed)) {
    throw new SignetError(
      'usage',
      'A key’s name cannot contain control characters, direction marks or invisible characters.',
    );
  }
  return trimmed;
}

/** Two names that differ only in case or Unicode form are the same name to a person. */
export function sameKeyName(a: string, b: string): boolean {
  return a.normalize('NFC').toLowerCase() === b.normalize('NFC').toLowerCase();
}
