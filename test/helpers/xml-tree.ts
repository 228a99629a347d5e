/**
 * A strict reader of the XML 1.0 the policy templates use: one root element, properly nested and
 * closed tags, quoted and unique attributes, known entities, comments, a declaration and a
 * DOCTYPE. It throws on anything not well-formed, naming where; enough to keep a hand-edited ADMX,
 * ADML or profile from shipping broken.
 */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_][\w.:-]*/;

export function parseXml(xml: string): XmlElement {
  let at = 0;
  const fail = (why: string): never => {
    throw new Error(`${why} at line ${xml.slice(0, at).split('\n').length}`);
  };
  const skipMisc = () => {
    for (;;) {
      const rest = xml.slice(at);
      const space = /^\s+/.exec(rest);
      if (space) at += space[0].length;
      else if (rest.startsWith('<!--')) {
        const end = xml.indexOf('-->', at + 4);
        if (end < 0) fail('unclosed comment');
        if (xml.slice(at + 4, end).includes('--')) fail('"--" inside a comment');
        at = end + 3;
      } else if (rest.startsWith('<?')) {
        const end = xml.indexOf('?>', at);
        if (end < 0) fail('unclosed declaration');
        at = end + 2;
      } else if (rest.startsWith('<!DOCTYPE')) {
        const end = xml.indexOf('>', at);
        if (end < 0) fail('unclosed DOCTYPE');
        at = end + 1;
      } else return;
    }
  };
  const text = (raw: string) =>
    raw.replace(/&([^;\s]*);?/g, (whole, entity: string) => {
      if (!whole.endsWith(';')) fail('a bare &');
      if (/^#x[0-9A-Fa-f]+$|^#\d+$/.test(entity))
        return String.fromCodePoint(Number(entity.replace('#', '0').replace(/^0(\d)/, '$1')));
      const known: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
      return known[entity] ?? fail(`unknown entity &${entity};`);
    });

  const element = (): XmlElement => {
    if (xml[at] !== '<') fail('an element was expected');
    at++;
    const name = NAME.exec(xml.slice(at))?.[0] ?? fail('an element name was expected');
    at += name.length;
    const attributes: Record<string, string> = {};
    for (;;) {
      const space = /^\s*/.exec(xml.slice(at))![0];
      at += space.length;
      if (xml.startsWith('/>', at)) {
        at += 2;
        return { name, attributes, children: [], text: '' };
      }
      if (xml[at] === '>') {
        at++;
        break;
      }
      if (space === '') fail('a space was expected between attributes');
      const attribute =
        /^([A-Za-z_][\w.:-]*)\s*=\s*("([^"<]*)"|'([^'<]*)')/.exec(xml.slice(at)) ??
        fail(`a quoted attribute of <${name}> was expected`);
      if (attribute[1]! in attributes) fail(`attribute ${attribute[1]} twice`);
      attributes[attribute[1]!] = text(attribute[3] ?? attribute[4] ?? '');
      at += attribute[0].length;
    }
    const children: XmlElement[] = [];
    let content = '';
    for (;;) {
      const next = xml.indexOf('<', at);
      if (next < 0) fail(`<${name}> is not closed`);
      content += text(xml.slice(at, next));
      at = next;
      if (xml.startsWith('</', at)) {
        const close = /^<\/([A-Za-z_][\w.:-]*)\s*>/.exec(xml.slice(at)) ?? fail('a closing tag was expected');
        if (close[1] !== name) fail(`</${close[1]}> closes <${name}>`);
        at += close[0].length;
        return { name, attributes, children, text: content };
      }
      if (xml.startsWith('<!--', at)) skipMisc();
      else children.push(element());
    }
  };

  skipMisc();
  const root = element();
  skipMisc();
  if (at !== xml.length) fail('content after the root element');
  return root;
}

/** Every element of the tree, depth first. */
export function allElements(root: XmlElement): XmlElement[] {
  return [root, ...root.children.flatMap(allElements)];
}
