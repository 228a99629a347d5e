/**
 * The top-level dictionary of an XML property list (what `plutil -convert xml1` prints, and what
 * a configuration profile's payload becomes in /Library/Managed Preferences): text, integers and
 * booleans are kept; arrays, dictionaries, data and dates are kept as a marker of their type, so a
 * setting given the wrong type is refused by name. Anything that is not a well-formed plist throws.
 */
export type PlistValue = string | number | boolean | { type: string };

export function plistDictionary(xml: string): Map<string, PlistValue> {
  const tokens = tokenize(xml);
  let at = 0;
  const raw = () => tokens[at++];
  /** The next token of the structure: text between tags there is only layout. */
  const next = () => {
    let token = raw();
    while (token?.kind === 'text' && token.text.trim() === '') token = raw();
    return token;
  };
  const expectOpen = (name: string) => {
    const token = next();
    if (token?.kind !== 'open' || token.name !== name) throw new Error(`a property list needs <${name}>`);
  };
  expectOpen('plist');
  expectOpen('dict');
  const values = new Map<string, PlistValue>();
  for (;;) {
    const token = next();
    if (token?.kind === 'close' && token.name === 'dict') break;
    if (token?.kind !== 'open' || token.name !== 'key')
      throw new Error('a dictionary holds <key> then a value');
    const key = textUntilClose('key');
    values.set(key, value());
  }
  const end = next();
  if (end?.kind !== 'close' || end.name !== 'plist' || next() !== undefined) {
    throw new Error('a property list ends with </plist>');
  }
  return values;

  function textUntilClose(name: string): string {
    let text = '';
    let token = raw();
    if (token?.kind === 'text') {
      text = token.text;
      token = raw();
    }
    if (token?.kind !== 'close' || token.name !== name) throw new Error(`<${name}> is not closed`);
    return text;
  }

  function value(): PlistValue {
    const token = next();
    if (token?.kind === 'empty') {
      if (token.name === 'true' || token.name === 'false') return token.name === 'true';
      if (token.name === 'string') return '';
      return { type: token.name };
    }
    if (token?.kind !== 'open') throw new Error('a value is missing');
    switch (token.name) {
      case 'string':
        return textUntilClose('string');
      case 'integer': {
        const text = textUntilClose('integer').trim();
        if (!/^[+-]?\d{1,15}$/.test(text)) throw new Error('an <integer> is not a number');
        return Number(text);
      }
      case 'true':
      case 'false':
        textUntilClose(token.name);
        return token.name === 'true';
      case 'real':
      case 'date':
      case 'data':
        textUntilClose(token.name);
        return { type: token.name };
      case 'array':
      case 'dict': {
        skipNested(token.name);
        return { type: token.name };
      }
      default:
        throw new Error(`<${token.name}> is not a property list type`);
    }
  }

  function skipNested(name: string): void {
    let depth = 1;
    while (depth > 0) {
      const token = next();
      if (!token) throw new Error(`<${name}> is not closed`);
      if (token.kind === 'open') depth++;
      if (token.kind === 'close') depth--;
    }
  }
}

type Token = { kind: 'open' | 'close' | 'empty'; name: string } | { kind: 'text'; text: string };

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function tokenize(xml: string): Token[] {
  const tokens: Token[] = [];
  const body = xml
    .replace(/^\uFEFF/, '')
    .replace(/<\?xml[^>]*\?>/, '')
    .replace(/<!DOCTYPE[^>]*>/, '')
    .replace(/<!--[\s\S]*?-->/g, '');
  const tag = /<(\/?)([A-Za-z]+)([^>]*?)(\/?)>|([^<]+)/g;
  let consumed = 0;
  for (const match of body.matchAll(tag)) {
    if (match.index !== consumed) throw new Error('this is not a well-formed property list');
    consumed += match[0].length;
    const [, slash, name, , selfClosing, text] = match;
    if (text !== undefined) {
      tokens.push({ kind: 'text', text: decode(text) });
    } else tokens.push({ kind: slash ? 'close' : selfClosing ? 'empty' : 'open', name: name! });
  }
  if (consumed !== body.length) throw new Error('this is not a well-formed property list');
  return tokens;
}

function decode(text: string): string {
  return text.replace(/&(#x[0-9A-Fa-f]+|#\d+|[a-z]+);/g, (whole, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number.parseInt(entity.slice(1), 10));
    const known = ENTITIES[entity];
    if (known === undefined) throw new Error(`${whole} is not an XML entity`);
    return known;
  });
}
