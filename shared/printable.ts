import { isHiddenCharacter } from './hidden-characters';

/**
 * The one way Signet shows text it did not write (file names, reasons, comments, signer names) so
 * that what is shown is what is there: every hidden character (see hidden-characters.ts) becomes a
 * visible escape `\u{XXXX}`, its code point in upper-case hex, e.g. "invoice\u{202E}fdp.exe",
 * "line\u{A}break". The braces keep the escape unambiguous next to hex-looking text and read the
 * same as a JavaScript or Rust string escape. Everything else, including a backslash, is shown as
 * it is: the aim is that nothing is invisible or reordered, not a reversible encoding. Pure, no
 * Node: the renderer and the CLI use this same function.
 */
export function printable(text: string): string {
  let out = '';
  for (const ch of text) out += isHiddenCharacter(ch) ? escapeCodePoint(ch) : ch;
  return out;
}

/**
 * A minisign signed comment separates its fields with tabs (`timestamp:…\tfile:…`): there a tab is
 * the format's own separator, shown as a gap, while every other hidden character is escaped.
 */
export function printableComment(text: string): string {
  return text.split('\t').map(printable).join('\t');
}

function escapeCodePoint(ch: string): string {
  return `\\u{${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase()}}`;
}
