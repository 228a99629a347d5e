import { basename } from 'node:path';
import { inGroupsOfFour } from '../../../shared/fingerprint-groups';
import type { KeyInfo } from '../../../shared/ipc/contract';
import { SignetError } from '../../core/errors';
import { openImportedKey, readOpenPgpSecretKey } from '../../core/formats/openpgp-keys';
import { dialogLine, dialogText } from '../dialog-line';
import { askNewOrKeep, askNewPassphrase, unlockWithPrompts } from './ask-passphrase';
import type { HandlerDeps } from './types';

/**
 * An OpenPGP secret key as gpg exports it, into the keystore: refused with a sentence before any
 * passphrase is asked when Signet would not sign with it, confirmed in main's dialog, opened with
 * its own passphrase in main's window (three tries) and kept encrypted with that same passphrase.
 * A key exported without one is given a new one, typed twice.
 */
export async function importOpenPgp(
  deps: HandlerDeps,
  name: string,
  path: string,
  bytes: Uint8Array,
): Promise<KeyInfo> {
  const read = await readOpenPgpSecretKey(bytes);
  const file = basename(path);
  const fingerprint = inGroupsOfFour(read.record.fingerprint ?? '');
  const confirmed = await deps.confirm.confirm({
    title: 'Import an OpenPGP key',
    message: dialogLine(`Import the OpenPGP key in ${file} as “${name}”?`),
    detail: dialogText([
      `From the file: ${path}`,
      `User ID: ${read.record.label ?? '(none)'}`,
      `Fingerprint: ${fingerprint}`,
      read.encrypted
        ? 'Signet will ask for the key’s passphrase next; then you may keep it or choose a new one.'
        : 'This key is not protected by a passphrase. Signet will ask you for one and keep only a protected copy.',
      'Anyone who can use this key can sign files in its name.',
    ]),
    confirmLabel: 'Import',
  });
  if (!confirmed) throw new SignetError('cancelled', 'You did not confirm, so no key was imported.');
  if (!read.encrypted) {
    const passphrase = await askNewPassphrase(
      deps.passphrases,
      `New passphrase for “${name}”`,
      `The key in ${file} has no passphrase. Choose one: Signet keeps keys only with a passphrase.`,
      'No key was imported.',
    );
    const opened = await openImportedKey(read, undefined, passphrase);
    return deps.keystore.add({ name, record: opened.record, keyFile: opened.keyFile });
  }
  // Its own passphrase first (three tries), then, once it has opened the key, keep it or a new one.
  const opened = await unlockWithPrompts(
    deps.passphrases,
    (passphrase) =>
      openImportedKey(read, passphrase, () =>
        askNewOrKeep(
          deps.passphrases,
          {
            title: `Keep or change the passphrase of “${name}”`,
            description: `${file} opened. Keep its passphrase, or choose a new one that Signet will ask for when you sign with “${name}”.`,
          },
          'No key was imported.',
        ),
      ),
    {
      title: `Passphrase of ${file}`,
      description: `Type the passphrase that protects the OpenPGP key in ${file}, to import it as “${name}”.`,
    },
    'No key was imported.',
  );
  return deps.keystore.add({ name, record: opened.record, keyFile: opened.keyFile });
}
