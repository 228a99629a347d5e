import type { VerifyResult } from '../../../shared/verdict';
import type { KeyInfo } from '../keystore/key-info';
import { entryFromKey, parseSignerKey } from '../trust/key-text';
import type { TrustedEntry } from '../trust/trust-store';

/** Where the person's own signing keys are listed (the keystore). */
export interface OwnKeySource {
  list(): Promise<readonly Pick<KeyInfo, 'keyId' | 'name' | 'publicKey' | 'createdAt'>[]>;
}

/** A key from the person's own keystore, as a trust entry: the keystore vouches for its name. */
export type OwnKeyEntry = TrustedEntry & { ownKeyName: string };

/** Who vouches for a name that comes from the person's own keystore (VERDICTS.md). */
const OWN_KEYSTORE = 'Your own keystore';

const ownName = (keyName: string) => `you (${keyName})`;

/**
 * The person's own signing keys as a trust source, after the trust list: a file they signed reads
 * "made by you (Release key 2025)" instead of "not by anyone you trust". A key the trust list
 * already holds keeps the trust list's name. A keystore that cannot be read adds nothing.
 */
export async function ownKeyEntries(
  keystore: OwnKeySource,
  trusted: readonly TrustedEntry[],
): Promise<OwnKeyEntry[]> {
  let keys: Awaited<ReturnType<OwnKeySource['list']>>;
  try {
    keys = await keystore.list();
  } catch {
    return [];
  }
  const known = new Set(trusted.map((t) => t.keyId));
  const entries: OwnKeyEntry[] = [];
  for (const key of keys) {
    if (known.has(key.keyId)) continue;
    try {
      const entry = entryFromKey(parseSignerKey(key.publicKey), {
        name: ownName(key.name),
        addedAt: key.createdAt,
      });
      // 'user' so the format modules treat it as a listed signer; who vouched is set by ownKeyVerdict.
      entries.push({ ...entry, source: 'user', ownKeyName: key.name });
    } catch {
      // A key file the keystore lists but cannot be read as a public key vouches for nothing.
    }
  }
  return entries;
}

/**
 * A verdict whose signer is one of the person's own keys says so: the keystore vouched for the
 * name, not the trust list, and there is no "you added this name on …" record to show.
 */
export function ownKeyVerdict(result: VerifyResult, own: readonly OwnKeyEntry[]): VerifyResult {
  if (result.verdict !== 'verified' || result.keyId === undefined) return result;
  const key = own.find((k) => k.keyId === result.keyId && k.name === result.signerName);
  if (!key) return result;
  const { trustedFrom: _, ...rest } = result;
  return {
    ...rest,
    vouchedBy: OWN_KEYSTORE,
    reason: result.reason.replace(`the key of ${key.name}`, `your own key “${key.ownKeyName}”`),
  };
}
