import type * as pkijs from 'pkijs';

const FIELD = { CN: '2.5.4.3', O: '2.5.4.10', OU: '2.5.4.11', C: '2.5.4.6' } as const;

/** The first value of a name attribute (O, CN …) as text, control characters removed. */
function nameField(name: pkijs.RelativeDistinguishedNames, field: keyof typeof FIELD): string | undefined {
  const found = name.typesAndValues.find((tv) => tv.type === FIELD[field]);
  const value = (found?.value as { valueBlock?: { value?: unknown } } | undefined)?.valueBlock?.value;
  return typeof value === 'string' && value.trim() !== '' ? value.replace(/\p{Cc}/gu, '').trim() : undefined;
}

/** What a person calls the holder of a certificate: its organisation, else its common name. */
export function displayName(name: pkijs.RelativeDistinguishedNames): string {
  return nameField(name, 'O') ?? nameField(name, 'CN') ?? 'an unnamed certificate holder';
}

/** One line for a details panel: "CN (O)". */
export function subjectLine(name: pkijs.RelativeDistinguishedNames): string {
  const cn = nameField(name, 'CN');
  const o = nameField(name, 'O');
  return cn && o && cn !== o ? `${cn} (${o})` : (cn ?? o ?? 'unnamed');
}
