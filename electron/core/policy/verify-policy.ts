import { HASH_LABEL } from '../../../shared/hash-label';
import type { FormatId, HashName } from '../formats/format-module';

/**
 * One pure object answers every accept/refuse question for one job (Sequoia's Policy, in small).
 * Modules ask it and never decide for themselves; nothing inside a check reads the clock.
 */
export type PolicyRule =
  | 'weak-hash'
  | 'small-key'
  | 'refused-algorithm'
  | 'legacy-variant'
  | 'not-yet-valid'
  | 'expired'
  | 'wrong-purpose'
  | 'too-large'
  // Causes other checks name; each maps to a verdict code of its own (core/verify/outcome-verdict.ts).
  | 'key-revoked'
  | 'key-expired'
  | 'identity-mismatch'
  | 'chain-untrusted-root'
  | 'chain-invalid'
  | 'weak-signature-algorithm'
  | 'unaccounted-bytes'
  | 'not-listed-publisher'
  | 'other-instance'
  | 'incomplete-bundle'
  | 'other-file'
  | 'policy-unreadable';

type Decision = { ok: true } | { ok: false; rule: PolicyRule; detail: string };

export interface VerifyPolicy {
  /** One reference time for every signature in the job: a trusted timestamp's, or now. */
  readonly at: Date;
  /** Largest artifact a whole-message signature (signify, minisign legacy) may cover. */
  readonly wholeMessageLimit: number;
  variant(format: FormatId, variant?: string): Decision;
  /** 'document': the hash a signature over content uses; 'binding': key and subkey bindings. */
  hash(name: HashName, use: 'document' | 'binding', signedAt?: Date): Decision;
  key(k: {
    algorithm: 'rsa' | 'dsa' | 'ecdsa' | 'eddsa' | 'elgamal' | string;
    bits?: number;
    curve?: string;
  }): Decision;
  window(w: { from?: Date; until?: Date }, at?: Date): Decision;
}

const OK: Decision = { ok: true };
const ONE_GIB = 1024 * 1024 * 1024;

/** Dates from Sequoia's StandardPolicy: after these, signatures with the hash are refused. */
const HASH_CUTOFFS: Record<
  HashName,
  { document: Date | 'reject' | 'accept'; binding: Date | 'reject' | 'accept' }
> = {
  md5: { document: 'reject', binding: 'reject' },
  sha1: { document: new Date('2013-02-01T00:00:00Z'), binding: new Date('2023-02-01T00:00:00Z') },
  sha224: { document: 'accept', binding: 'accept' },
  sha256: { document: 'accept', binding: 'accept' },
  sha384: { document: 'accept', binding: 'accept' },
  sha512: { document: 'accept', binding: 'accept' },
  blake2b512: { document: 'accept', binding: 'accept' },
};

export interface PolicyOptions {
  at?: Date;
  wholeMessageLimit?: number;
}

export function standardPolicy(options: PolicyOptions = {}): VerifyPolicy {
  const at = options.at ?? new Date();
  return {
    at,
    wholeMessageLimit: options.wholeMessageLimit ?? ONE_GIB,
    variant: () => OK,
    hash(name, use, signedAt) {
      const cutoff = HASH_CUTOFFS[name]?.[use];
      if (
        cutoff === undefined ||
        cutoff === 'reject' ||
        (cutoff instanceof Date && (signedAt ?? at) >= cutoff)
      ) {
        return {
          ok: false,
          rule: 'weak-hash',
          detail: `${HASH_LABEL[name] ?? name} is an outdated method that can be forged`,
        };
      }
      return OK;
    },
    key({ algorithm, bits }) {
      if (algorithm === 'dsa' || algorithm === 'elgamal') {
        return {
          ok: false,
          rule: 'refused-algorithm',
          detail: `${algorithm.toUpperCase()} keys are outdated`,
        };
      }
      if (algorithm === 'rsa' && (bits ?? 0) < 2048) {
        return {
          ok: false,
          rule: 'small-key',
          detail: `RSA keys of ${bits ?? 0} bits are too short to be safe`,
        };
      }
      return OK;
    },
    window({ from, until }, when = at) {
      if (from && when < from)
        return { ok: false, rule: 'not-yet-valid', detail: `valid only from ${from.toISOString()}` };
      if (until && when >= until)
        return { ok: false, rule: 'expired', detail: `expired on ${until.toISOString()}` };
      return OK;
    },
  };
}

/** Sequoia's trait defaults: refuses everything. Tests use it to show every module asks the policy. */
export const refuseAllPolicy: VerifyPolicy = {
  at: new Date(0),
  wholeMessageLimit: 0,
  variant: () => ({ ok: false, rule: 'refused-algorithm', detail: 'refused by policy' }),
  hash: () => ({ ok: false, rule: 'weak-hash', detail: 'refused by policy' }),
  key: () => ({ ok: false, rule: 'refused-algorithm', detail: 'refused by policy' }),
  window: () => ({ ok: false, rule: 'expired', detail: 'refused by policy' }),
};
