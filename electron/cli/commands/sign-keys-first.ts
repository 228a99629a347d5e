import { resolve } from 'node:path';
import { printable } from '../../../shared/printable';
import { plainMessage } from '../../core/errors';
import type { KeyInfo } from '../../core/keystore/keystore';
import { CliExit } from '../cli-error';
import { readPassphrase } from '../passphrase';
import { type UnlockedKey, unlockSigningKey } from '../signing-key';
import type { SignFlags } from './sign';
import { embeddedKeyPrompt, type InsideKey } from './sign-embedded';
import { embeddedSigningKey, storedSigningKey } from './sign-key-lookup';

/** A key of a several-keys job, opened before the first file is signed. */
export type KeyOpenedFirst =
  | { kind: KeyInfo['kind'] | undefined; beside: UnlockedKey }
  | { kind: KeyInfo['kind']; inside: InsideKey; secret: unknown };

/**
 * `signet sign --key A --key B …`: every key opened in the order given, each passphrase (or PIN)
 * asked once, before anything is signed, as the app asks for them all first; so a long release
 * then signs unattended, and a wrong passphrase ends the command with nothing written. A
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
  const opened: KeyOpenedFirst[] = [];
  try {
    for (const [index, reference] of references.entries()) {
      const stored = found[index];
      try {
        const inside = await embeddedSigningKey(stored);
        opened.push(
          inside
            ? { kind: inside.info.kind, inside, secret: await openInside(inside, flags) }
            : { kind: stored?.info.kind, beside: await unlockSigningKey(reference, flags) },
        );
      } catch (error) {
        if (!(error instanceof CliExit)) throw error;
        const message = /Nothing was signed\.$/.test(error.message)
          ? error.message
          : `${error.message} Nothing was signed.`;
        throw new CliExit(error.status, `${printable(reference)}: ${message}`);
      }
    }
  } catch (error) {
    for (const key of opened) forgetOpened(key);
    throw error;
  }
  return opened;
}

/** Wipes a key opened first that will not sign (the job wipes the ones it used). */
export function forgetOpened(key: KeyOpenedFirst): void {
  if ('beside' in key) key.beside.forget();
  else void key.inside.side.forgetKey?.(key.secret);
}

async function openInside(inside: InsideKey, flags: SignFlags): Promise<unknown> {
  const open = inside.side.openStoredKey;
  if (!inside.side.signEmbedded || !open) throw new CliExit(2, 'This key does not sign inside files.');
  const stored = await inside.keystore.readKeyFile(inside.info.id);
  const passphrase = await readPassphrase(flags, embeddedKeyPrompt(inside.info));
  try {
    return await open(stored, passphrase);
  } catch (error) {
    throw new CliExit(2, `${plainMessage(error)} Nothing was signed.`);
  }
}
