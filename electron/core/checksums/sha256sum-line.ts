/**
 * One line exactly as GNU `sha256sum` (coreutils 9) prints it, without its newline, so that
 * `sha256sum -c` reads it back: a name holding a backslash, a newline or a carriage return is
 * written with those escaped (`\\`, `\n`, `\r`) and the whole line starts with a backslash. Other
 * characters pass through as they are, as sha256sum does; the line is data for tools, not a display.
 * `signet hash` prints these lines and signed checksum lists are made of them.
 */
export function sha256sumLine(hexDigest: string, name: string): string {
  if (!/[\\\n\r]/.test(name)) return `${hexDigest}  ${name}`;
  const escaped = name.replace(/[\\\n\r]/g, (ch) => (ch === '\\' ? '\\\\' : ch === '\n' ? '\\n' : '\\r'));
  return `\\${hexDigest}  ${escaped}`;
}
