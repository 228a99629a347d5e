import { trustKindOf } from '../formats/registry';
import { literal, optional, type QuickFieldList, type QuickFields, text } from './quick-fields';
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

/** Every entry's fields (common/trust-entry-base.ts), in the schema's order. */
const BASE: QuickFieldList = [
  ['keyId', text(1, 120)],
  ['name', text(1, 200)],
  ['note', optional(text(0, 1000))],
  // The schema's default for a list written by hand.
  ['addedAt', (value, out, key) => text(0, 40)(value === undefined ? '' : value, out, key)],
  ['addedFrom', optional(text(0, 255))],
  ['validFrom', optional(text(0, 40))],
  ['validUntil', optional(text(0, 40))],
];

/** An entry whose kind's format reads its fields without zod (TrustKind.quickFields), else undefined. */
function quickEntry(signer: unknown): StoredEntry | undefined {
  if (!isRecord(signer) || typeof signer.kind !== 'string') return undefined;
  const trust = trustKindOf(signer.kind);
  if (!trust?.quickFields) return undefined;
  const rules: QuickFieldList = [...BASE, ['kind', literal(trust.kind)], ...trust.quickFields];
  if (!Object.keys(signer).every((key) => rules.some(([known]) => known === key))) return undefined;
  const entry: QuickFields = {};
  for (const [key, rule] of rules) if (!rule(signer[key], entry, key)) return undefined;
  return entry as StoredEntry;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
