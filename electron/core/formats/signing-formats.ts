import type { SigningKeyKind } from '../../../shared/domain';
import { SignetError } from '../errors';
import type { FormatId } from './format-module';
import { FORMATS } from './registry';
import type { SigningSide } from './signing-side';

/** The format Signet signs in unless asked for another. */
export const DEFAULT_SIGNING_FORMAT: FormatId = 'minisign';

/**
 * A registered format's signing side, loading its module on first need. SignetError 'usage' for a
 * format Signet reads but cannot sign in yet.
 */
export async function signingFormat<K = unknown>(
  id: FormatId = DEFAULT_SIGNING_FORMAT,
): Promise<SigningSide<K>> {
  const descriptor = FORMATS.find((format) => format.id === id);
  const signing = descriptor ? (await descriptor.load()).signing : undefined;
  if (!signing) throw new SignetError('usage', `Signet cannot sign in the ${id} format yet.`);
  return signing as SigningSide<K>;
}

/**
 * The format that signs with a keystore record of this kind, found by asking each registered
 * format's signing side (so no caller names a kind): SignetError 'usage' when none does.
 */
export async function signingFormatForKey<K = unknown>(
  kind: SigningKeyKind,
): Promise<{ format: FormatId; side: SigningSide<K> }> {
  // Formats that trust keys of this kind are asked first, so finding one rarely loads the others.
  const likely = (d: (typeof FORMATS)[number]) => d.id === kind || d.accepts.includes(kind);
  for (const descriptor of [...FORMATS.filter(likely), ...FORMATS.filter((d) => !likely(d))]) {
    const signing = (await descriptor.load()).signing;
    if (signing?.keyKinds.includes(kind)) return { format: descriptor.id, side: signing as SigningSide<K> };
  }
  throw new SignetError('usage', 'Signet cannot sign with this kind of key yet.');
}
