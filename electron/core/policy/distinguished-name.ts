/**
 * A certificate subject as admins copy it, read into its names so that any spelling of the same
 * subject matches: Node's one `KEY=value` per line, openssl's `C = GB, O = "Acme, Inc."`, RFC 2253's
 * reversed `CN=Acme,O=Acme\, Inc.,C=GB`, Windows' `CN=Acme, O=Acme, S=London` or the old
 * `/C=GB/O=Acme`. The order of the names is not compared (the spellings disagree on it), and values
 * are compared as RFC 5280 compares names: without regard to case or repeated spaces.
 */

/** The short name of each attribute, for the long names and aliases the tools print. */
const ALIASES: Record<string, string> = {
  COMMONNAME: 'CN',
  COUNTRYNAME: 'C',
  ORGANIZATIONNAME: 'O',
  ORGANISATIONNAME: 'O',
  ORGANIZATIONALUNITNAME: 'OU',
  LOCALITYNAME: 'L',
  STATEORPROVINCENAME: 'ST',
  S: 'ST',
  E: 'EMAILADDRESS',
  EMAIL: 'EMAILADDRESS',
  STREETADDRESS: 'STREET',
  DOMAINCOMPONENT: 'DC',
  USERID: 'UID',
  SERIALNUMBER: 'SERIALNUMBER',
};

/** A subject's names, sorted (`CN=acme corp`), or undefined when the text is not a subject. */
export function parseDistinguishedName(text: string): string[] | undefined {
  const body = text.trim().replace(/^subject\s*[=:]\s*/i, '');
  if (body === '') return undefined;
  const parts = body.includes('\n')
    ? body.split(/\r?\n/).filter((line) => line.trim() !== '')
    : body.startsWith('/')
      ? splitUnescaped(body.slice(1), '/')
      : splitUnescaped(body, ',');
  if (!parts) return undefined;
  const names: string[] = [];
  for (const part of parts) {
    const equals = part.indexOf('=');
    if (equals <= 0) return undefined;
    const rawType = part.slice(0, equals).trim().toUpperCase();
    if (!/^[A-Z][A-Z0-9-]*$|^\d+(\.\d+)+$/.test(rawType)) return undefined;
    const value = unquote(part.slice(equals + 1).trim());
    if (value === undefined || value === '') return undefined;
    names.push(`${ALIASES[rawType] ?? rawType}=${value.replace(/\s+/g, ' ').toLowerCase()}`);
  }
  return names.sort();
}

/** Whether two spellings name the same subject; a text that is no subject matches nothing. */
export function sameDistinguishedName(a: string, b: string): boolean {
  const left = parseDistinguishedName(a);
  const right = parseDistinguishedName(b);
  if (!left || !right || left.length !== right.length) return false;
  return left.every((name, index) => name === right[index]);
}

/** Splits at separators outside double quotes and not escaped by a backslash. */
function splitUnescaped(text: string, separator: string): string[] | undefined {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '\\') {
      if (i + 1 >= text.length) return undefined;
      current += char + text[++i];
    } else if (char === '"') {
      quoted = !quoted;
      current += char;
    } else if (char === separator && !quoted) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  if (quoted) return undefined;
  parts.push(current);
  return parts.map((part) => part.trim());
}

/** A value without its quotes and escapes (`"Acme, Inc."`, `Acme\, Inc.`, `\41cme`). */
function unquote(value: string): string | undefined {
  let text = value;
  if (text.startsWith('"')) {
    if (!text.endsWith('"') || text.length < 2) return undefined;
    text = text.slice(1, -1);
  }
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char !== '\\') {
      out += char;
      continue;
    }
    const hex = /^[0-9A-Fa-f]{2}/.exec(text.slice(i + 1))?.[0];
    if (hex) {
      out += String.fromCharCode(Number.parseInt(hex, 16));
      i += 2;
    } else if (i + 1 < text.length) out += text[++i];
    else return undefined;
  }
  return out.trim();
}
