import type { KeyInfo } from '../../../shared/ipc/contract';
import { theHardwareToken } from '../../../shared/token-words';
import { SignetError } from '../../core/errors';
import type { PassphrasePort } from './types';

/** As GnuPG's pinentry: three tries, then the request ends. */
const PASSPHRASE_TRIES = 3;

/**
 * Unlocks `key` with passphrases typed in main's own window, retrying inside main ("Try 2 of 3"), so
 * the page never holds a passphrase and cannot try many. `why` completes "Signet needs … to …".
 */
export async function unlockWithPrompts<T>(
  passphrases: PassphrasePort,
  unlock: (passphrase: string) => Promise<T>,
  prompt: { title: string; description: string },
  nothingDone: string,
): Promise<T> {
  let error = '';
  for (let number = 1; number <= PASSPHRASE_TRIES; number += 1) {
    const passphrase = await passphrases.ask({
      ...prompt,
      ...(number > 1 ? { attempt: { number, of: PASSPHRASE_TRIES, error } } : {}),
    });
    if (passphrase === null) throw new SignetError('cancelled', `No passphrase was given. ${nothingDone}`);
    try {
      return await unlock(passphrase);
    } catch (caught) {
      if (!(caught instanceof SignetError && caught.kind === 'wrong-passphrase')) throw caught;
      error = 'that passphrase does not unlock this key.';
    }
  }
  throw new SignetError('wrong-passphrase', `That passphrase does not unlock this key. ${nothingDone}`);
}

/** A new passphrase, typed twice in main's window (the window refuses two different ones). */
export async function askNewPassphrase(
  passphrases: PassphrasePort,
  title: string,
  description: string,
  nothingDone: string,
): Promise<string> {
  const passphrase = await passphrases.ask({ title, description, isNew: true });
  if (passphrase === null) throw new SignetError('cancelled', `No passphrase was given. ${nothingDone}`);
  return passphrase;
}

/**
 * After an imported key opened with its own passphrase: keep that one, or choose a new one (typed
 * twice, with the strength hint; a very weak one refused, as for a new key). Undefined means keep.
 */
export async function askNewOrKeep(
  passphrases: PassphrasePort,
  prompt: { title: string; description: string },
  nothingDone: string,
): Promise<string | undefined> {
  const passphrase = await passphrases.ask({ ...prompt, isNew: true, mayKeep: true });
  if (passphrase === null) throw new SignetError('cancelled', `No passphrase was given. ${nothingDone}`);
  return passphrase === '' ? undefined : passphrase;
}

/** The prompt for a stored key: which key, and why. */
export function keyPrompt(key: Pick<KeyInfo, 'name' | 'keyId' | 'location' | 'token'>, why: string) {
  if (key.location === 'token') {
    return {
      title: `Token PIN for “${key.name}”`,
      description: `Type the PIN of ${theHardwareToken(key)}, which holds “${key.name}” (key id ${key.keyId}), ${why}. Signet does not keep it.`,
    };
  }
  return {
    title: `Passphrase for “${key.name}”`,
    description: `Type the passphrase of your key “${key.name}” (key id ${key.keyId}) ${why}.`,
  };
}
