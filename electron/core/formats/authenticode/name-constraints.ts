import type * as pkijs from 'pkijs';

/**
 * RFC 5280 §4.2.1.10 name constraints for one certificate's names: its subject (a directory name,
 * and any e-mail address in it) and its subjectAltName entries. A name must sit inside some
 * permitted subtree of its form (when the CA listed any of that form) and inside no excluded one.
 */
export interface Constraints {
  permitted: pkijs.GeneralSubtree[][];
  excluded: pkijs.GeneralSubtree[];
}

type Name = { type: number; value: unknown };

const EMAIL_OID = '1.2.840.113549.1.9.1';
const FORMS = { rfc822: 1, dns: 2, directory: 4, uri: 6, ip: 7 } as const;
const COMPARED = new Set<number>(Object.values(FORMS));

export function namesOf(cert: pkijs.Certificate, altNames: readonly pkijs.GeneralName[]): Name[] {
  const names: Name[] = altNames.map((n) => ({ type: n.type, value: n.value }));
  if (cert.subject.typesAndValues.length > 0) {
    names.push({ type: FORMS.directory, value: cert.subject });
    if (!altNames.some((n) => n.type === FORMS.rfc822)) {
      for (const tv of cert.subject.typesAndValues) {
        if (tv.type === EMAIL_OID)
          names.push({ type: FORMS.rfc822, value: String(tv.value.valueBlock.value) });
      }
    }
  }
  return names;
}

/** The first name that breaks the constraints, described for a sentence; undefined when none does. */
export function violation(names: readonly Name[], constraints: Constraints): string | undefined {
  for (const name of names) {
    for (const group of constraints.permitted) {
      const ofForm = group.filter((s) => s.base.type === name.type);
      if (ofForm.length > 0 && !ofForm.some((s) => within(name, s.base))) return describe(name);
    }
    // A form Signet cannot compare is treated as inside an excluded subtree of that form.
    if (
      constraints.excluded.some(
        (s) => s.base.type === name.type && (!COMPARED.has(name.type) || within(name, s.base, true)),
      )
    ) {
      return describe(name);
    }
  }
  return undefined;
}

/**
 * Whether `name` lies inside the subtree `base`. For an excluded subtree a wildcard DNS name
 * counts as inside when some name it matches would be (`*.example.com` and `bar.example.com`).
 */
function within(name: Name, base: pkijs.GeneralName, excluding = false): boolean {
  switch (name.type) {
    case FORMS.directory:
      return directoryWithin(name.value as pkijs.RelativeDistinguishedNames, base.value);
    case FORMS.dns:
      return (
        dnsWithin(String(name.value), String(base.value)) ||
        (excluding && wildcardReaches(String(name.value), String(base.value)))
      );
    case FORMS.rfc822:
      return mailWithin(String(name.value), String(base.value));
    case FORMS.uri:
      return uriWithin(String(name.value), String(base.value));
    case FORMS.ip:
      return ipWithin(name.value, base.value);
    default:
      // A form Signet does not compare cannot be shown to satisfy a constraint.
      return false;
  }
}

function directoryWithin(name: pkijs.RelativeDistinguishedNames, base: unknown): boolean {
  const constraint = base as pkijs.RelativeDistinguishedNames;
  const prefix = constraint.typesAndValues;
  if (prefix.length > name.typesAndValues.length) return false;
  return prefix.every((tv, i) => tv.isEqual(name.typesAndValues[i]!));
}

function dnsWithin(name: string, base: string): boolean {
  const n = name.toLowerCase().replace(/\.$/, '');
  const b = base.toLowerCase().replace(/\.$/, '');
  if (b === '') return true;
  if (b.startsWith('.')) return n.endsWith(b);
  return n === b || n.endsWith(`.${b}`);
}

function wildcardReaches(name: string, base: string): boolean {
  if (!name.startsWith('*.')) return false;
  const parent = base.toLowerCase().split('.').slice(1).join('.');
  return dnsWithin(parent, name.slice(2)) || dnsWithin(name.slice(2), base);
}

function mailWithin(name: string, base: string): boolean {
  const at = name.lastIndexOf('@');
  if (at < 0) return false;
  const host = name.slice(at + 1).toLowerCase();
  const b = base.toLowerCase();
  if (b.includes('@'))
    return name.slice(0, at) === base.slice(0, base.lastIndexOf('@')) && host === b.split('@')[1];
  if (b.startsWith('.')) return host.endsWith(b);
  return host === b;
}

function uriWithin(name: string, base: string): boolean {
  let host: string;
  try {
    host = new URL(name).hostname;
  } catch {
    return false;
  }
  if (!host) return false;
  const b = base.toLowerCase();
  return b.startsWith('.') ? host.toLowerCase().endsWith(b) : host.toLowerCase() === b;
}

function ipWithin(name: unknown, base: unknown): boolean {
  const address = octets(name);
  const range = octets(base);
  if (!address || !range || range.length !== address.length * 2) return false;
  const half = address.length;
  for (let i = 0; i < half; i++) {
    if ((address[i]! & range[half + i]!) !== (range[i]! & range[half + i]!)) return false;
  }
  return true;
}

function octets(value: unknown): Uint8Array | undefined {
  const view = (value as { valueBlock?: { valueHexView?: Uint8Array } })?.valueBlock?.valueHexView;
  return view instanceof Uint8Array ? view : undefined;
}

function describe(name: Name): string {
  if (name.type === FORMS.directory) {
    const subject = name.value as pkijs.RelativeDistinguishedNames;
    return subject.typesAndValues.map((tv) => String(tv.value.valueBlock.value)).join(', ');
  }
  if (name.type === FORMS.ip) return 'an IP address';
  return String(name.value);
}
