import type { StoredEntry } from './trust-entry';
import type { TrustFile } from './trust-file';

/**
 * A trust list read without zod, for the lists almost everyone has: version 2, with minisign, SSH,
 * OpenPGP and Sigstore entries and the plain yes/no settings. Building zod and every kind's entry
 * schema cost `signet verify` more start-up time than checking a small file. It only ever says "this
 * list is fine, and reads as this": anything it is not sure of (version 1, a publisher entry, roots,
 * URLs, a field too long, an unknown key, a wrong type) gives undefined, and the list is then read by
 * the schemas in trust-file.ts, which also word every problem. What it returns is what they return,
 * to the order of the keys (test/unit/trust-file-quick.test.ts compares the two).
 */
export function quickTrustFile(json: unknown): TrustFile | undefined {
  if (!isRecord(json) || json.version !== 2) return undefined;
  if (!Object.keys(json).every((key) => FILE_KEYS.has(key))) return undefined;
  const signers = json.signers === undefined ? [] : json.signers;
  if (!Array.isArray(signers) || signers.length > 10_000) return undefined;
  const entries: StoredEntry[] = [];
  for (const signer of signers) {
    const entry = quickEntry(signer);
    if (!entry) return undefined;
    entries.push(entry);
  }
  const file: TrustFile = { version: 2, signers: entries };
  // In the schema's order of keys.
  for (const key of ['allowUserSigners', 'onlyListedSigners', 'checkEveryDownload'] as const) {
    const value = json[key];
    if (value === undefined) continue;
    if (typeof value !== 'boolean') return undefined;
    file[key] = value;
  }
  return file;
}

const FILE_KEYS = new Set([
  'version',
  'signers',
  'allowUserSigners',
  'onlyListedSigners',
  'checkEveryDownload',
]);

type Fields = Record<string, unknown>;
/** Reads one field into `out`; false when the value is not one the schema surely takes. */
type FieldRule = (value: unknown, out: Fields, key: string) => boolean;

const text =
  (min: number, max: number, pattern?: RegExp): FieldRule =>
  (value, out, key) => {
    if (typeof value !== 'string' || value.length < min || value.length > max) return false;
    if (pattern && !pattern.test(value)) return false;
    out[key] = value;
    return true;
  };
const optional =
  (rule: FieldRule): FieldRule =>
  (value, out, key) =>
    value === undefined || rule(value, out, key);
const literal =
  (kind: string): FieldRule =>
  (value, out, key) => {
    if (value !== kind) return false;
    out[key] = value;
    return true;
  };

const BASE64_KEY = /^[A-Za-z0-9+/]{43}=$/;
const PGP_CERTIFICATE_START = '-----BEGIN PGP PUBLIC KEY BLOCK-----';

/** Every entry's fields (common/trust-entry-base.ts), in the schema's order. */
const BASE: [string, FieldRule][] = [
  ['keyId', text(1, 120)],
  ['name', text(1, 200)],
  ['note', optional(text(0, 1000))],
  // The schema's default for a list written by hand.
  ['addedAt', (value, out, key) => text(0, 40)(value === undefined ? '' : value, out, key)],
  ['addedFrom', optional(text(0, 255))],
  ['validFrom', optional(text(0, 40))],
  ['validUntil', optional(text(0, 40))],
];

/** Each kind's own fields (formats/KIND/trust-entry*.ts), after the common ones. */
const KINDS: Record<string, [string, FieldRule][]> = {
  minisign: [
    ['kind', literal('minisign')],
    ['publicKey', text(0, Number.POSITIVE_INFINITY, BASE64_KEY)],
    ['keyNum', text(0, Number.POSITIVE_INFINITY, /^[A-Za-z0-9+/]{11}=$/)],
  ],
  ssh: [
    ['kind', literal('ssh')],
    ['publicKey', text(0, Number.POSITIVE_INFINITY, BASE64_KEY)],
    [
      'namespaces',
      (value, out, key) => {
        if (value === undefined) return true;
        if (!Array.isArray(value) || value.length > 100) return false;
        const names: Fields = {};
        if (!value.every((name, index) => text(1, 200)(name, names, String(index)))) return false;
        out[key] = value.map((_, index) => names[String(index)]);
        return true;
      },
    ],
  ],
  openpgp: [
    ['kind', literal('openpgp')],
    ['fingerprint', text(0, Number.POSITIVE_INFINITY, /^(?:[0-9A-F]{40}|[0-9A-F]{64})$/)],
    [
      'certificate',
      (value, out, key) =>
        typeof value === 'string' &&
        value.trimStart().startsWith(PGP_CERTIFICATE_START) &&
        text(0, 1_000_000)(value, out, key),
    ],
  ],
  sigstore: [
    ['kind', literal('sigstore')],
    ['identity', text(1, 2048)],
    ['issuer', text(1, 2048)],
  ],
};

function quickEntry(signer: unknown): StoredEntry | undefined {
  if (!isRecord(signer) || typeof signer.kind !== 'string' || !Object.hasOwn(KINDS, signer.kind)) {
    return undefined;
  }
  const rules = [...BASE, ...(KINDS[signer.kind] ?? [])];
  if (!Object.keys(signer).every((key) => rules.some(([known]) => known === key))) return undefined;
  const entry: Fields = {};
  for (const [key, rule] of rules) if (!rule(signer[key], entry, key)) return undefined;
  return entry as StoredEntry;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
