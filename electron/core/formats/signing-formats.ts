import { SignetError } from '../errors';
import type { FormatId } from './format-module';
import { FORMATS } from './registry';
import type { SigningSide } from './signing-side';

/** The format Signet signs in unless asked for another. */
const DEFAULT_SIGNING_FORMAT: FormatId = 'minisign';

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
