import type { ContentPlan } from '../hashing/content-plan';
import { DEFAULT_SIGNATURE_MAX_BYTES } from '../limits';
import { FORMATS } from './format-list';
import type { CliOption, FormatDescriptor } from './format-module';
import type { TrustKind } from './trust-kind';

export { FORMATS };

/** The kind that reads these bytes, or undefined when none does. Never throws. */
export function recognise(bytes: Uint8Array): FormatDescriptor | undefined {
  return FORMATS.find((format) => recognisedBy(format, bytes));
}

function recognisedBy(format: FormatDescriptor, head: Uint8Array): boolean {
  try {
    return format.recognise(head);
  } catch {
    return false;
  }
}

/** What the kind that reads these bytes guesses its check will hash (FormatFacts.earlyPasses). Never throws. */
export function earlyPassesOf(head: Uint8Array): string[] | undefined {
  try {
    return recognise(head)?.earlyPasses?.(head);
  } catch {
    return undefined;
  }
}

/** The format whose verdict facts carry this kind, or undefined when none is registered. */
export function formatOf(kind: string): FormatDescriptor | undefined {
  return FORMATS.find((format) => format.id === kind);
}

/** The largest detached signature file this kind reads. */
export function signatureMaxBytes(kind: Pick<FormatDescriptor, 'maxSignatureBytes'>): number {
  return kind.maxSignatureBytes ?? DEFAULT_SIGNATURE_MAX_BYTES;
}

/** What a signature file beside an artifact is read up to, before its kind is known. */
export function largestSignatureBytes(): number {
  return Math.max(...FORMATS.map(signatureMaxBytes));
}

/** Every name ending a detached signature may have beside its file, without repeats. */
export function signatureSuffixes(): string[] {
  return [...new Set(FORMATS.filter((m) => m.placement === 'detached').flatMap((m) => m.suffixes))];
}

/** Why a signature file is one no registered module reads, as a verdict code and a sentence. */
export function unreadableSignature(bytes: Uint8Array): {
  code: 'damaged-signature' | 'not-a-signature' | 'unreadable-kind';
  reason: string;
} {
  const head = Buffer.from(bytes.subarray(0, 16)).toString('latin1');
  if (bytes.length === 0) return { code: 'damaged-signature', reason: 'The signature file is empty.' };
  if (head.startsWith('-----BEGIN PGP') || (bytes[0] ?? 0) >= 0x80) {
    return {
      code: 'not-a-signature',
      reason:
        'This is an OpenPGP (GnuPG) file, but not a signature Signet reads (it may be a key or a message).',
    };
  }
  return { code: 'unreadable-kind', reason: 'This is not a kind of signature Signet reads.' };
}

/** Checksum list names the registered formats add to the common ones, without repeats. */
export function formatListNames(): string[] {
  return [...new Set(FORMATS.flatMap((m) => m.listNames ?? []))];
}

/**
 * The embedded kinds that may find a signature inside a file starting with these bytes (at least
 * RECOGNISE_WINDOW_BYTES of it, or all of a shorter file). Only their modules need loading.
 */
export function embeddedKindsFor(head: Uint8Array): FormatDescriptor[] {
  return FORMATS.filter((format) => format.placement === 'embedded' && recognisedBy(format, head));
}

/**
 * Whether a file that starts with these bytes may carry its signature inside it (a Windows program
 * or installer): callers load costly trust material, such as the system's CA roots, only then.
 */
export function mayCarryEmbeddedSignature(head: Uint8Array): boolean {
  return embeddedKindsFor(head).length > 0;
}

/**
 * The plan an embedded kind guesses its check will read of this file (earlyNeeds), for the early
 * read (core/hashing/early-content.ts); undefined: none, or needs other than ranged hashes.
 */
export function earlyPlanFor(head: Uint8Array, size: number): ContentPlan | undefined {
  for (const format of embeddedKindsFor(head)) {
    const needs = format.earlyNeeds?.(head, size);
    if (!needs) continue;
    if (needs.length === 0 || needs.some((need) => need.kind !== 'ranged-hash')) return undefined;
    return {
      digests: [],
      prefixed: [],
      suffixed: [],
      wholeMessage: false,
      ranged: needs.flatMap((need) =>
        need.kind === 'ranged-hash'
          ? [{ algorithm: need.algorithm, ranges: need.ranges.map(([a, b]) => [a, b] as const) }]
          : [],
      ),
    };
  }
  return undefined;
}

/** The trust entry kinds the registered formats own, in registry order. */
export function trustKinds(): TrustKind[] {
  return FORMATS.flatMap((format) => (format.trust ? [format.trust] : []));
}

/** What the format owning this trust entry kind says about its entries; undefined when none does. */
export function trustKindOf(kind: string): TrustKind | undefined {
  return trustKinds().find((trust) => trust.kind === kind);
}

/** The options the registered formats add to one `signet` command, in registry order. */
export function cliOptionsFor(command: CliOption['command']): CliOption[] {
  return FORMATS.flatMap((format) => format.cliOptions ?? []).filter((option) => option.command === command);
}
