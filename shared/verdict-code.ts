import type { Verdict } from './verdict';

/**
 * Why a verdict is what it is, as data: the outcome and the rule that decided it. Every sentence a
 * person reads is made from a code and the verdict's facts (shared/verdict-words), never the other
 * way round. Each code belongs to the verdicts listed here, so a code can never contradict its verdict.
 */
export const VERDICT_CODES = {
  verified: ['verified'],
  'verified-through-list': ['verified'],

  'key-not-trusted': ['unknown-signer'],
  'not-the-given-key': ['unknown-signer'],
  'key-revoked': ['unknown-signer'],
  'key-expired': ['unknown-signer'],
  'not-yet-valid': ['unknown-signer'],
  'identity-mismatch': ['unknown-signer'],
  'wrong-purpose': ['unknown-signer'],
  'chain-untrusted-root': ['unknown-signer'],
  'chain-invalid': ['unknown-signer', 'malformed'],
  'not-listed-publisher': ['unknown-signer'],
  'other-instance': ['unknown-signer'],
  'other-file': ['unknown-signer', 'malformed', 'no-signature'],
  'policy-unreadable': ['unknown-signer', 'malformed', 'no-signature'],

  'signature-mismatch': ['tampered'],
  'list-entry-mismatch': ['tampered'],
  'unaccounted-bytes': ['tampered'],
  'namespace-mismatch': ['tampered'],

  'no-signature': ['no-signature'],
  'unsigned-list': ['no-signature'],
  'list-names-other-files': ['no-signature'],
  'beside-checksum': ['no-signature'],
  'beside-signature': ['no-signature'],

  'damaged-signature': ['malformed'],
  'damaged-list': ['malformed'],
  'unreadable-kind': ['malformed'],
  'not-a-signature': ['malformed'],
  'incomplete-bundle': ['malformed'],
  'weak-hash': ['malformed'],
  'weak-signature-algorithm': ['malformed'],
  'refused-algorithm': ['malformed'],
  'small-key': ['malformed'],
  'legacy-variant': ['malformed'],
  'too-large': ['malformed'],
  'file-unreadable': ['malformed'],
} as const satisfies Record<string, readonly Verdict[]>;

export type VerdictCode = keyof typeof VERDICT_CODES;

export const VERDICT_CODE_NAMES = Object.keys(VERDICT_CODES) as VerdictCode[];

/** The code each verdict has when nothing more specific is known. */
export const DEFAULT_CODE: Record<Verdict, VerdictCode> = {
  verified: 'verified',
  'unknown-signer': 'key-not-trusted',
  tampered: 'signature-mismatch',
  'no-signature': 'no-signature',
  malformed: 'damaged-signature',
};

export function codeFits(code: VerdictCode, verdict: Verdict): boolean {
  return (VERDICT_CODES[code] as readonly Verdict[]).includes(verdict);
}
