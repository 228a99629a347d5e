import { FormatError } from '../../errors';

export interface TextLinesOptions {
  /** Names the input in error messages, e.g. "The signature file". */
  what: string;
  maxBytes: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Splits a small text file into lines. A final newline and CRLF endings are accepted; blank
 * lines, a stray CR, a NUL or a byte-order mark are refused, because minisign stops reading at
 * such characters and the text we check must be the text it checks. Bytes are decoded as strict
 * UTF-8 so a damaged byte is an error, not a silent U+FFFD.
 */
export function splitTextLines(input: string | Uint8Array, options: TextLinesOptions): string[] {
  const { what, maxBytes } = options;
  const text = typeof input === 'string' ? input : decodeUtf8(input, what, maxBytes);
  if (text.length > maxBytes || Buffer.byteLength(text, 'utf8') > maxBytes) {
    throw new FormatError(`${what} is too large to be what it claims (over ${maxBytes} bytes).`);
  }
  if (text.length === 0) throw new FormatError(`${what} is empty.`);
  if (text.includes('\0')) throw new FormatError(`${what} contains a NUL character.`);
  if (text.charCodeAt(0) === 0xfeff) {
    throw new FormatError(`${what} starts with a byte-order mark; save it as plain UTF-8.`);
  }
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  // Only a CR that ends a terminated line is a CRLF ending; a CR at the very end is damage.
  const terminated = text.endsWith('\n') ? lines.length : lines.length - 1;
  const stripped = lines.map((line, index) =>
    index < terminated && line.endsWith('\r') ? line.slice(0, -1) : line,
  );
  if (stripped.some((line) => line.includes('\r'))) {
    throw new FormatError(`${what} contains a carriage return inside a line.`);
  }
  if (stripped.some((line) => line.length === 0)) throw new FormatError(`${what} has an empty line.`);
  return stripped;
}

/** splitTextLines, then exactly `count` lines. */
export function splitExactLines(
  input: string | Uint8Array,
  options: TextLinesOptions & { count: number },
): string[] {
  const lines = splitTextLines(input, options);
  if (lines.length !== options.count) {
    throw new FormatError(`${options.what} should have ${options.count} lines, but it has ${lines.length}.`);
  }
  return lines;
}

/** The text after `prefix`; FormatError naming `what` when the line does not start with it. */
export function textAfterPrefix(line: string, prefix: string, what: string): string {
  if (!line.startsWith(prefix)) throw new FormatError(`${what} should start with "${prefix.trim()}".`);
  return line.slice(prefix.length);
}

function decodeUtf8(bytes: Uint8Array, what: string, maxBytes: number): string {
  if (bytes.length > maxBytes) {
    throw new FormatError(`${what} is too large to be what it claims (over ${maxBytes} bytes).`);
  }
  try {
    return utf8.decode(bytes);
  } catch {
    throw new FormatError(`${what} is not valid UTF-8 text.`);
  }
}
