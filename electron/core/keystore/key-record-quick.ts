import type { KeyInfo } from '../../../shared/domain';
import { isKeyId } from '../formats/minisign-public-keys';
import { KEY_METADATA_FORMAT, PUBLIC_KEY_MAX_CHARS } from './key-record-format';

/** A record's fields as stored: a key's info but for what is only shown (issuer, signsInside). */
export type KeyRecordFields = Omit<KeyInfo, 'kind' | 'issuer' | 'signsInside'> & { kind?: KeyInfo['kind'] };

/**
 * A version 2 key record read without zod, as every check in the terminal reads the person's own
 * keys. It only ever says "this record is fine, and reads as this": anything it is not sure of (a
 * version 1 record, a time not written as Signet writes it, an unknown key, a wrong type) gives
 * undefined, and key-record-schema.ts reads the record instead. What it returns is what the schema
 * returns, to the order of the keys (test/unit/key-record-quick.test.ts compares the two).
 */
export function quickKeyRecord(json: unknown): KeyRecordFields | undefined {
  if (!isRecord(json) || json.format !== KEY_METADATA_FORMAT || json.version !== 2) return undefined;
  if (!Object.keys(json).every((key) => Object.hasOwn(RULES, key))) return undefined;
  const fields: Record<string, unknown> = {};
  // In the schema's order of keys; `format` and `version` are checked above and left out.
  for (const [key, rule] of Object.entries(RULES)) {
    const value = json[key];
    if (key === 'format' || key === 'version') continue;
    if (value === undefined && OPTIONAL.has(key)) continue;
    if (!rule(value)) return undefined;
    fields[key] = key === 'retired' ? retirement(value as Record<string, unknown>) : value;
  }
  return fields as KeyRecordFields;
}

type Rule = (value: unknown) => boolean;

const text =
  (min: number, max: number, pattern?: RegExp): Rule =>
  (value) =>
    typeof value === 'string' &&
    value.length >= min &&
    value.length <= max &&
    (!pattern || pattern.test(value));
const keyId: Rule = (value) => typeof value === 'string' && isKeyId(value);
const oneOf =
  (...allowed: string[]): Rule =>
  (value) =>
    typeof value === 'string' && allowed.includes(value);

/**
 * A time exactly as Date#toISOString writes it, and a real one (it reads back the same): a narrow
 * part of what the schema's ISO date-time takes, which is how Signet writes every time it stores.
 */
const isoTime: Rule = (value) =>
  typeof value === 'string' &&
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(value) &&
  new Date(value).toISOString() === value;

const retiredRules: Record<string, Rule> = {
  at: isoTime,
  successorKeyId: keyId,
  reason: text(0, 500),
};
const retired: Rule = (value) =>
  isRecord(value) &&
  Object.keys(value).every((key) => Object.hasOwn(retiredRules, key)) &&
  Object.entries(retiredRules).every(
    ([key, rule]) => (key === 'reason' && value[key] === undefined) || rule(value[key]),
  );

function retirement(value: Record<string, unknown>): NonNullable<KeyInfo['retired']> {
  // Why the key was retired, as its owner typed it (not a verdict's sentence).
  const { at, successorKeyId, reason: why } = value;
  return {
    at: at as string,
    successorKeyId: successorKeyId as string,
    ...(why === undefined ? {} : { reason: why as string }),
  };
}

/** key-record-schema.ts's version 2 fields, in its order. */
const RULES: Record<string, Rule> = {
  format: () => true,
  id: keyId,
  name: text(1, 100),
  keyId,
  createdAt: isoTime,
  backedUpAt: isoTime,
  retired,
  version: () => true,
  kind: oneOf('minisign', 'openpgp', 'x509'),
  publicKey: text(1, PUBLIC_KEY_MAX_CHARS),
  fingerprint: (value) => typeof value === 'string' && /^(?:[0-9A-F]{40}|[0-9A-F]{64})$/.test(value),
  label: text(1, 1024),
  expiresAt: isoTime,
  location: oneOf('keystore', 'token'),
};
const OPTIONAL = new Set(['backedUpAt', 'retired', 'fingerprint', 'label', 'expiresAt', 'location']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
