import type { TrustedSignerInfo } from '../../../shared/trusted-signer';
import { trustKindOf } from '../../core/formats/registry';
import type { TrustKind } from '../../core/formats/trust-kind';
import type { TrustedEntry } from '../../core/trust/trust-store';

/** An entry of a kind no registered format owns (none today: the list's schema is closed) reads as a key. */
const ANY_KEY: TrustKind = {
  kind: '',
  kindWords: 'key',
  noun: 'key',
  meta: ['key-id'],
  describe: async () => [],
  removalFacts: (entry) => [{ fact: 'key-id', text: entry.keyId }],
};

/** What the format owning the entry's kind says about it. */
export function trustKindFor(entry: { kind: string }): TrustKind {
  return trustKindOf(entry.kind) ?? ANY_KEY;
}

/**
 * Only what a card shows crosses to the renderer: the common fields and the facts the entry's
 * format chose, never a whole certificate (an OpenPGP certificate can run to a megabyte).
 */
export async function toSignerInfo(entry: TrustedEntry): Promise<TrustedSignerInfo> {
  const trust = trustKindFor(entry);
  return {
    keyId: entry.keyId,
    name: entry.name,
    ...(entry.note === undefined ? {} : { note: entry.note }),
    source: entry.source,
    addedAt: entry.addedAt,
    ...(entry.addedFrom === undefined ? {} : { addedFrom: entry.addedFrom }),
    kind: entry.kind,
    kindWords: trust.kindWords,
    noun: trust.noun,
    meta: trust.meta,
    facts: await trust.describe(entry).catch(() => []),
  };
}
