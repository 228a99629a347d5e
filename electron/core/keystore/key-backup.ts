import { unlink } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { KeyInfo } from '../../../shared/domain';
import { printable } from '../../../shared/printable';
import { SignetError } from '../errors';
import { signingFormatForKey } from '../formats/signing-formats';
import { writeFileAtomic } from '../fs/atomic-write';
import { firstExisting } from '../fs/first-existing';
import type { Keystore } from './keystore';

/** What a revocation certificate is for, in the one sentence the app and the CLI both say. */
export const REVOCATION_PURPOSE =
  'If this key is ever lost or stolen, publishing this certificate tells everyone to stop trusting it.';

/** Where the backup's revocation certificate goes: beside it, as FILE.rev (gpg keeps NAME.rev). */
export function revocationFileFor(backup: string): string {
  return `${resolve(backup)}.rev`;
}

type StoredKeys = Pick<Keystore, 'readKeyFile' | 'recordBackup'>;

/** The revocation certificate filed with a stored key (OpenPGP's, made at creation), or undefined. */
export async function storedRevocation(keystore: StoredKeys, info: KeyInfo): Promise<string | undefined> {
  const found = await signingFormatForKey(info.kind).catch(() => undefined);
  if (!found?.side.revocationOf || info.location === 'token') return undefined;
  return found.side.revocationOf((await keystore.readKeyFile(info.id)).keyFile);
}

/**
 * A backup of a stored key: its secret key file exactly as stored (still encrypted, 0600) and, for
 * a key filed with a revocation certificate, that certificate beside it as FILE.rev (0600 too: it
 * is harmless to others only once published on purpose). Nothing is replaced unless `overwrite`
 * (any output) or `replace` names it (the outputs the person agreed to replace): another existing
 * output refuses the whole before anything is written, and a failure on the way removes what this
 * call wrote. The backup is then recorded on the key.
 */
export async function backUpStoredKey(
  keystore: StoredKeys,
  info: KeyInfo,
  destination: string,
  options: { overwrite?: boolean; replace?: readonly string[] } = {},
): Promise<{ backup: string; revocation?: string }> {
  const backup = resolve(destination);
  const revocation = await storedRevocation(keystore, info);
  const revocationFile = revocation === undefined ? undefined : revocationFileFor(backup);
  const agreed = new Set((options.replace ?? []).map((path) => resolve(path)));
  const mayReplace = (path: string) => options.overwrite === true || agreed.has(path);
  const outputs = revocationFile ? [backup, revocationFile] : [backup];
  const existing = await firstExisting(outputs.filter((path) => !mayReplace(path)));
  if (existing) {
    throw new SignetError('exists', `${printable(existing)} already exists; nothing was overwritten.`);
  }
  const { keyFile } = await keystore.readKeyFile(info.id);
  await writeFileAtomic(backup, keyFile, { mode: 0o600, overwrite: mayReplace(backup) });
  if (revocation !== undefined && revocationFile) {
    try {
      await writeFileAtomic(revocationFile, revocation, {
        mode: 0o600,
        overwrite: mayReplace(revocationFile),
      });
    } catch (error) {
      // A backup written new goes again; one that replaced another is the key's backup still.
      if (!mayReplace(backup)) await unlink(backup).catch(() => {});
      throw error;
    }
  }
  await keystore.recordBackup(info.id);
  return { backup, ...(revocationFile ? { revocation: revocationFile } : {}) };
}
