import type { SigningSide } from '../../core/formats/signing-side';
import type { KeyInfo, Keystore } from '../../core/keystore/keystore';

/**
 * The keystore key `--key` names (or the only key), or undefined for one that is not in the
 * keystore (a key file). Only the keystore is read: no format's module is loaded yet, so a large
 * file's read can start on what the record says (core/sign/early-read.ts).
 */
export async function storedSigningKey(
  reference: string | undefined,
): Promise<{ info: KeyInfo; keystore: Keystore } | undefined> {
  const [{ Keystore }, { keystoreDir }] = await Promise.all([
    import('../../core/keystore/keystore'),
    import('../../core/keystore/location'),
  ]);
  const keystore = new Keystore(keystoreDir());
  let info: KeyInfo | undefined;
  if (reference === undefined) {
    const keys = await keystore.list();
    info = keys.length === 1 ? keys[0] : undefined;
  } else {
    info = await keystore.find(reference).catch(() => undefined);
  }
  return info ? { info, keystore } : undefined;
}

/** The stored key, with its format's signing side, when that format signs inside files; undefined otherwise. */
export async function embeddedSigningKey(
  stored: { info: KeyInfo; keystore: Keystore } | undefined,
): Promise<{ info: KeyInfo; side: SigningSide; keystore: Keystore } | undefined> {
  if (!stored) return undefined;
  const { embeddedSigningFor } = await import('../../core/formats/key-files');
  const side = await embeddedSigningFor(stored.info.kind);
  return side ? { ...stored, side } : undefined;
}
