import { basename } from 'node:path';
import type { KeyInfo } from '../../../shared/ipc/contract';
import { SignetError } from '../../core/errors';
import { keyFileImporter, shownKeyDetails } from '../../core/formats/key-files';
import { SECRET_KEY_FILE_MAX_BYTES } from '../../core/limits';
import { dialogLine, dialogText } from '../dialog-line';
import { unlockWithPrompts } from './ask-passphrase';
import { readKeyFile } from './read-key-file';
import type { HandlerDeps } from './types';

/**
 * A key file a format imports by its own code (a PKCS#12 certificate file): confirmed in main's
 * dialog, its password typed in main's window (three tries), then filed in the keystore as the
 * format keeps it. Undefined when no format recognises the file (a minisign key goes the old way).
 */
export async function importByFormat(
  deps: HandlerDeps,
  path: string,
  name: string,
): Promise<KeyInfo | undefined> {
  const { bytes } = await readKeyFile(path, SECRET_KEY_FILE_MAX_BYTES, 'secret key file');
  const importer = await keyFileImporter(bytes);
  if (!importer?.importKeyFile) return undefined;
  const importKeyFile = importer.importKeyFile;
  const file = basename(path);
  const confirmed = await deps.confirm.confirm({
    title: 'Import a certificate and its key',
    message: dialogLine(`Import ${file} as “${name}”?`),
    detail: dialogText([
      `From the file: ${path}`,
      `Name in Signet: ${name}`,
      'Signet will ask for the file’s password next. The file is kept as it is, still protected by that password.',
      'Anyone who can use this key can sign programs in its name.',
    ]),
    confirmLabel: 'Import',
  });
  if (!confirmed) throw new SignetError('cancelled', 'You did not confirm, so no key was imported.');
  const imported = await unlockWithPrompts(
    deps.passphrases,
    (password) => importKeyFile(bytes, async () => password, new Date()),
    {
      title: `Password of ${file}`,
      description: `Type the password that protects ${file}, to import it as “${name}”.`,
    },
    'No key was imported.',
  );
  const info = await deps.keystore.add({ record: imported.record, name, keyFile: imported.keyFile });
  return shownKeyDetails(info);
}
