/**
 * Characters a person cannot see but that change what text means or how it displays:
 * - C0 and C1 controls (U+0000–001F, U+007F–009F): terminal escape codes, newlines, NUL;
 * - bidi controls: embeddings and overrides (U+202A–202E), isolates (U+2066–2069), the marks LRM,
 *   RLM (U+200E/200F) and ALM (U+061C), which make "invoice\u202Efdp.exe" display as "invoiceexe.pdf";
 * - zero-width characters (U+200B–200D, U+2060, U+FEFF) and the other invisible format characters
 *   of U+2060–206F, which make two different names look the same;
 * - the line and paragraph separators U+2028/2029, which break a line where none is seen;
 * - a lone UTF-16 surrogate (U+D800–DFFF), which is no character at all.
 * Pure and free of Node: used by the renderer, the CLI and the core alike.
 */
export function isHiddenCharacter(ch: string): boolean {
  const code = ch.codePointAt(0) ?? 0;
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x061c ||
    (code >= 0x200b && code <= 0x200f) ||
    code === 0x2028 ||
    code === 0x2029 ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2060 && code <= 0x206f) ||
    code === 0xfeff ||
    (code >= 0xd800 && code <= 0xdfff)
  );
}

export function hasHiddenCharacters(text: string): boolean {
  for (const ch of text) if (isHiddenCharacter(ch)) return true;
  return false;
}
