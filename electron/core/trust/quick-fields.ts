/**
 * Rules for reading a trust entry's fields without zod (trust-file-quick.ts), shared by each
 * kind's own list of fields (formats/KIND/trust-entry-quick.ts). A rule only ever says "the schema
 * surely takes this value, and reads it as this": false sends the whole list to the schemas.
 */
export type QuickFields = Record<string, unknown>;

/** Reads one field into `out`; false when the value is not one the schema surely takes. */
export type FieldRule = (value: unknown, out: QuickFields, key: string) => boolean;

/** A kind's fields after the common ones, in its schema's order. */
export type QuickFieldList = readonly (readonly [string, FieldRule])[];

export const text =
  (min: number, max: number, pattern?: RegExp): FieldRule =>
  (value, out, key) => {
    if (typeof value !== 'string' || value.length < min || value.length > max) return false;
    if (pattern && !pattern.test(value)) return false;
    out[key] = value;
    return true;
  };

export const optional =
  (rule: FieldRule): FieldRule =>
  (value, out, key) =>
    value === undefined || rule(value, out, key);

export const literal =
  (expected: string): FieldRule =>
  (value, out, key) => {
    if (value !== expected) return false;
    out[key] = value;
    return true;
  };

/** A raw Ed25519 public key in base64, as minisign and SSH entries hold it. */
export const BASE64_KEY = /^[A-Za-z0-9+/]{43}=$/;
