import { isHiddenCharacter } from './hidden-characters';

/** Shows a file name or comment so that what is printed is what is there: hidden characters become visible \u{…} escapes. */
export function printable(text: string): string {
  let out = '';
  for (const ch of text) {
    out += isHiddenCharacter(ch) ? `\\u{${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase()}}` : ch;
  }
  return out;
}
