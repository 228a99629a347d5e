import { resolve } from 'node:path';
import { printable } from '../../../shared/printable';
import type { KeyInfo } from '../../core/keystore/keystore';
import { CliExit } from '../cli-error';
import { type UnlockedKey, unlockSigningKey } from '../signing-key';
import type { SignFlags } from './sign';
import { embeddedSigningKey, storedSigningKey } from './sign-key-lookup';

/** A key of a several-keys job, unlocked before the first file is signed. */
export interface KeyOpenedFirst {
  /** The keystore's kind of the key; undefined for a key file. */
  kind: KeyInfo['kind'] | undefined;
  unlocked: UnlockedKey;
}

/**
 * `signet sign --key A --key B …`: every key unlocked in the order given, each passphrase asked
 * once, before anything is signed, as the app asks for them all first; so a long release then
 * signs unattended, and a wrong passphrase ends the command with nothing written. A
 * --passphrase-file or SIGNET_PASSPHRASE answers for every key, as it always has.
 */
export async function openEveryKey(references: string[], flags: SignFlags): Promise<KeyOpenedFirst[]> {
  const found = await Promise.all(references.map((reference) => storedSigningKey(reference)));
  // The same key twice would ask twice and sign twice: refused, as the app refuses it.
  const identities = found.map((stored, index) =>
    stored ? `stored:${stored.info.id}` : `file:${resolve(references[index]!)}`,
  );
  if (new Set(identities).size !== identities.length) {
    throw new CliExit(2, 'The same key is given twice. Nothing was signed.');
  }
  // As in the app: a key that signs inside files changes them, so what a key beside them signed
  // before it would no longer match; it signs on its own.
  for (const stored of found) {
    if (stored && (await embeddedSigningKey(stored))) {
      throw new CliExit(
        2,
        `“${printable(stored.info.name)}” signs inside files: sign with it on its own. Nothing was signed.`,
      );
    }
  }
  const opened: KeyOpenedFirst[] = [];
  try {
    for (const [index, reference] of references.entries()) {
      try {
        opened.push({ kind: found[index]?.info.kind, unlocked: await unlockSigningKey(reference, flags) });
      } catch (error) {
        if (!(error instanceof CliExit)) throw error;
        const message = error.message.endsWith('Nothing was signed.')
          ? error.message
          : `${error.message} Nothing was signed.`;
        throw new CliExit(error.status, `${printable(reference)}: ${message}`);
      }
    }
  } catch (error) {
    for (const key of opened) key.unlocked.forget();
    throw error;
  }
  return opened;
}
