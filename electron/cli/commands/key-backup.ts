import { resolve } from 'node:path';
import { printable } from '../../../shared/printable';
import { isSignetError, plainMessage } from '../../core/errors';
import { Keystore } from '../../core/keystore/keystore';
import { keystoreDir } from '../../core/keystore/location';
import { CliExit } from '../cli-error';

/**
 * `signet key backup KEY FILE`: the secret key file exactly as the keystore holds it (encrypted
 * with the key's passphrase, minisign's format) copied to FILE, 0600, for scripts. Never replaces
 * a file; the key's card then shows when it was backed up, as after a backup in the app.
 */
export async function keyBackupCommand(reference: string, file: string): Promise<number> {
  const keystore = new Keystore(keystoreDir());
  const destination = resolve(file);
  try {
    const key = await keystore.find(reference);
    await keystore.backup(key.id, destination);
    await keystore.recordBackup(key.id);
    process.stdout.write(
      [
        `Backed up "${printable(key.name)}" (${key.keyId}) to ${printable(destination)}.`,
        'It is encrypted with the key’s passphrase: keep both, apart. Import it again with the app’s',
        '"Import key…", or use it with minisign -s.',
        '',
      ].join('\n'),
    );
    return 0;
  } catch (error) {
    // A refusal to replace already says nothing was overwritten.
    const exists = isSignetError(error) && error.kind === 'exists';
    throw new CliExit(2, exists ? plainMessage(error) : `${plainMessage(error)} Nothing was written.`);
  }
}
