import { printable } from '../../../shared/printable';
import { isSignetError, plainMessage } from '../../core/errors';
import { backUpStoredKey, REVOCATION_PURPOSE } from '../../core/keystore/key-backup';
import { Keystore } from '../../core/keystore/keystore';
import { keystoreDir } from '../../core/keystore/location';
import { CliExit } from '../cli-error';

/**
 * `signet key backup KEY FILE`: the secret key file exactly as the keystore holds it (encrypted
 * with the key's passphrase) copied to FILE, 0600, for scripts; for an OpenPGP key its revocation
 * certificate too, as FILE.rev. Replaces nothing without --force; the key's card then shows when
 * it was backed up, as after a backup in the app.
 */
export async function keyBackupCommand(
  reference: string,
  file: string,
  flags: { force?: boolean } = {},
): Promise<number> {
  const keystore = new Keystore(keystoreDir());
  try {
    const key = await keystore.find(reference);
    const written = await backUpStoredKey(keystore, key, file, { overwrite: flags.force === true });
    process.stdout.write(
      [
        `Backed up "${printable(key.name)}" (${key.keyId}) to ${printable(written.backup)}.`,
        'It is encrypted with the key’s passphrase: keep both, apart. Import it again with',
        '`signet key import` or the app’s "Import key…".',
        ...(written.revocation
          ? [
              `Its revocation certificate is in ${printable(written.revocation)}. ${REVOCATION_PURPOSE}`,
              'Keep it apart from the backup, and publish it only if that happens.',
            ]
          : []),
        '',
      ].join('\n'),
    );
    return 0;
  } catch (error) {
    // A refusal to replace already says nothing was overwritten.
    const exists = isSignetError(error) && error.kind === 'exists';
    throw new CliExit(
      2,
      exists
        ? `${plainMessage(error)} Use --force to replace it.`
        : `${plainMessage(error)} Nothing was written.`,
    );
  }
}
