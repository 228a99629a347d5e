/**
 * Checks a value against the subset of JSON Schema (2020-12) that zod's toJSONSchema writes: type,
 * const, enum, pattern, minimum/maximum, properties/required/additionalProperties, items, anyOf,
 * oneOf. Returns the problems found, with the path to each; an unknown keyword is a problem too,
 * so a schema this cannot read never passes by accident.
 */
type Schema = Record<string, unknown>;

const KNOWN = new Set([
  '$schema',
  'title',
  'description',
  'type',
  'const',
  'enum',
  'pattern',
  'minimum',
  'maximum',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'anyOf',
  'oneOf',
  'minLength',
  'maxLength',
  'maxItems',
  'default',
]);

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

export function schemaProblems(schema: Schema, value: unknown, at = '$'): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(schema)) if (!KNOWN.has(key)) problems.push(`${at}: schema keyword ${key}`);
  const type = schema.type as string | undefined;
  if (type) {
    const actual = typeOf(value);
    if (!(actual === type || (type === 'number' && actual === 'integer'))) {
      return [...problems, `${at}: ${actual}, not ${type}`];
    }
  }
  if ('const' in schema && value !== schema.const) problems.push(`${at}: not ${String(schema.const)}`);
  if (Array.isArray(schema.enum) && !schema.enum.includes(value))
    problems.push(`${at}: ${String(value)} not listed`);
  if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern).test(String(value)))
    problems.push(`${at}: does not match ${schema.pattern}`);
  if (typeof schema.minimum === 'number' && (value as number) < schema.minimum)
    problems.push(`${at}: too small`);
  if (typeof schema.maximum === 'number' && (value as number) > schema.maximum)
    problems.push(`${at}: too large`);
  if (typeof schema.minLength === 'number' && String(value).length < schema.minLength)
    problems.push(`${at}: too short`);
  if (typeof schema.maxLength === 'number' && String(value).length > schema.maxLength)
    problems.push(`${at}: too long`);
  if (typeof schema.maxItems === 'number' && Array.isArray(value) && value.length > schema.maxItems)
    problems.push(`${at}: too many items`);
  if (type === 'object') {
    const object = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const name of (schema.required ?? []) as string[])
      if (!(name in object)) problems.push(`${at}.${name}: missing`);
    for (const [name, child] of Object.entries(object)) {
      const rule = properties[name];
      if (rule) problems.push(...schemaProblems(rule, child, `${at}.${name}`));
      else if (schema.additionalProperties === false) problems.push(`${at}.${name}: not in the schema`);
    }
  }
  if (type === 'array' && schema.items) {
    for (const [i, item] of (value as unknown[]).entries())
      problems.push(...schemaProblems(schema.items as Schema, item, `${at}[${i}]`));
  }
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = schema[key] as Schema[] | undefined;
    if (!options) continue;
    const fits = options.filter((option) => schemaProblems(option, value, at).length === 0).length;
    if (key === 'anyOf' ? fits === 0 : fits !== 1) problems.push(`${at}: fits ${fits} of the ${key} choices`);
  }
  return problems;
}
