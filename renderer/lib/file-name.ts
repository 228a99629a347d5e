/**
 * A long name shortened in the middle so its real ending stays in view ("a-very-long…name.tar.gz"),
 * for table rows; the card and the title show it whole. Works on already-escaped text, so an escape
 * is never cut in half (escapes never sit in the kept ending unless it was that short).
 */
export function middleShortened(name: string, max = 56): string {
  const chars = [...name];
  if (chars.length <= max) return name;
  const dot = name.lastIndexOf('.');
  const endingLength = dot > 0 ? Math.min([...name.slice(dot)].length + 8, Math.floor(max / 2)) : 12;
  const head = chars.slice(0, max - endingLength - 1).join('');
  const tail = chars.slice(chars.length - endingLength).join('');
  return `${head}…${tail}`;
}

/** The last path segment as it is (unescaped): for comparing names and reading endings, not display. */
export function rawBaseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}
