import { homedir } from 'node:os';
import { join } from 'node:path';
import { type BrowserWindow, dialog, type FileFilter, type OpenDialogOptions } from 'electron';
import type { FilePurpose } from '../../shared/ipc/contract';
import type { DialogsPort } from './handlers/types';

const ALL_FILES: FileFilter = { name: 'All files', extensions: ['*'] };

/** Titles and filters per purpose; "All files" stays available because lists such as SHA256SUMS have no extension. */
const OPEN_OPTIONS: Record<FilePurpose, { title: string; filters: FileFilter[] }> = {
  verify: { title: 'Choose files to check', filters: [ALL_FILES] },
  sign: { title: 'Choose files to sign', filters: [ALL_FILES] },
  signature: {
    title: 'Choose the signature file',
    filters: [{ name: 'Signatures', extensions: ['minisig', 'sig', 'sha256', 'sha512'] }, ALL_FILES],
  },
  'public-key': {
    title: 'Choose a public key file',
    filters: [{ name: 'Public keys', extensions: ['pub', 'asc', 'gpg', 'pgp'] }, ALL_FILES],
  },
  certificate: {
    title: 'Choose the publisher’s certificate',
    filters: [{ name: 'Certificates', extensions: ['pem', 'crt', 'cer', 'der'] }, ALL_FILES],
  },
  'secret-key': {
    title: 'Choose a secret key file (minisign, OpenPGP, or a PKCS#12 certificate file)',
    filters: [
      { name: 'Secret keys and certificate files', extensions: ['key', 'asc', 'gpg', 'pgp', 'pfx', 'p12'] },
      ALL_FILES,
    ],
  },
  'release-kit': { title: 'Choose a release kit', filters: [ALL_FILES] },
  policy: {
    title: 'Choose a policy file',
    filters: [{ name: 'Policy files', extensions: ['json'] }, ALL_FILES],
  },
  'token-module': {
    title: 'Choose your token’s PKCS#11 module library',
    filters: [{ name: 'PKCS#11 modules', extensions: ['so', 'dylib', 'dll'] }, ALL_FILES],
  },
  'key-transition': { title: 'Choose a key transition statement', filters: [ALL_FILES] },
};

const SAVE_TITLES: Record<FilePurpose, string> = {
  verify: 'Save',
  sign: 'Save',
  signature: 'Save the signature',
  'public-key': 'Save the public key',
  'secret-key':
    'Save a backup of the secret key (it stays protected by its passphrase; an OpenPGP key’s revocation certificate goes beside it as .rev)',
  certificate: 'Save the certificate',
  'release-kit': 'Save the release kit',
  policy: 'Save as organisation policy',
  'token-module': 'Save',
  'key-transition': 'Save the key transition statement (signed by each key, in it or beside it)',
};

/** Native open and save dialogs, attached to the main window so they are modal to it. */
export function createDialogs(getWindow: () => BrowserWindow | null): DialogsPort {
  return {
    async openFiles(purpose, multiple) {
      const { title, filters } = OPEN_OPTIONS[purpose];
      const options: OpenDialogOptions = {
        title,
        filters,
        properties: multiple ? ['openFile', 'multiSelections'] : ['openFile'],
      };
      const win = getWindow();
      const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return result.canceled ? [] : result.filePaths;
    },

    async saveFile(defaultName, purpose) {
      const options = {
        title: SAVE_TITLES[purpose],
        defaultPath: join(homedir(), defaultName),
        properties: ['createDirectory', 'showOverwriteConfirmation'] as Array<
          'createDirectory' | 'showOverwriteConfirmation'
        >,
      };
      const win = getWindow();
      const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
  };
}
