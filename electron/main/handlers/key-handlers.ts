import { basename } from 'node:path';
import { formatDate } from '../../../shared/dates';
import type { KeyInfo } from '../../../shared/ipc/contract';
import { SignetError } from '../../core/errors';
import { shownKeyDetails } from '../../core/formats/key-files';
import { createOpenPgpKey, looksLikeOpenPgpKey } from '../../core/formats/openpgp-keys';
import { signingFormatForKey } from '../../core/formats/signing-formats';
import { writeFileAtomic } from '../../core/fs/atomic-write';
import { pathExists } from '../../core/fs/path-exists';
import {
  backUpStoredKey,
  REVOCATION_PURPOSE,
  revocationFileFor,
  storedRevocation,
} from '../../core/keystore/key-backup';
import { fileNameFor } from '../../core/keystore/key-file-name';
import { SECRET_KEY_FILE_MAX_BYTES } from '../../core/limits';
import { dialogLine, dialogText } from '../dialog-line';
import { askNewOrKeep, askNewPassphrase, keyPrompt, unlockWithPrompts } from './ask-passphrase';
import { importByFormat } from './import-by-format';
import { importOpenPgp } from './import-openpgp-key';
import { readKeyFile } from './read-key-file';
import { readSmallTextFile } from './read-small-file';
import type { HandlerDeps, Handlers } from './types';

export function createKeyHandlers(
  deps: HandlerDeps,
): Pick<
  Handlers,
  | 'listKeys'
  | 'createKey'
  | 'importKey'
  | 'publicKeyText'
  | 'savePublicKey'
  | 'backupKey'
  | 'deleteKey'
  | 'extendKey'
> {
  const { keystore } = deps;
  const findKey = async (keyId: string): Promise<KeyInfo> => {
    const key = (await keystore.list()).find((candidate) => candidate.id === keyId);
    if (!key) throw new SignetError('usage', 'That key is not in your keystore any more.');
    return key;
  };

  return {
    async listKeys() {
      const keys = await Promise.all((await keystore.list()).map(shownKeyDetails));
      // Which cards offer "Extend by 2 years": kinds whose format re-signs its own expiry.
      const extendable: string[] = [];
      // Whose backup carries a revocation certificate, so the card can say so before the dialog.
      const withRevocation: string[] = [];
      // Which keys may announce a successor of their own kind with a statement both sign.
      const announces: string[] = [];
      for (const key of keys) {
        const found = await signingFormatForKey(key.kind).catch(() => undefined);
        if (found?.side.extendStoredKey && key.expiresAt) extendable.push(key.id);
        if (found?.side.transition && key.location !== 'token' && !key.signsInside) announces.push(key.id);
        if (found?.side.revocationOf && (await storedRevocation(keystore, key).catch(() => undefined))) {
          withRevocation.push(key.id);
        }
      }
      return { keys, extendable, withRevocation, announces };
    },

    async createKey({ name, email, rsa }) {
      const passphrase = await askNewPassphrase(
        deps.passphrases,
        `Passphrase for the new key “${name}”`,
        `Choose a passphrase for your new signing key “${name}”. Signet asks for it each time you sign; nobody can sign with the key without it.`,
        'No key was created.',
      );
      if (email === undefined) return { key: await keystore.create({ name, passphrase }) };
      const made = await createOpenPgpKey({ name, email, passphrase, rsa: rsa === true });
      return { key: await keystore.add({ name, record: made.record, keyFile: made.keyFile }) };
    },

    async importKey({ name, secretKeyFile }) {
      const real = await deps.grants.resolveFile(secretKeyFile, 'import-key');
      const { bytes } = await readKeyFile(real, SECRET_KEY_FILE_MAX_BYTES, 'secret key file');
      if (looksLikeOpenPgpKey(bytes)) return { key: await importOpenPgp(deps, name, real, bytes) };
      const byFormat = await importByFormat(deps, real, name);
      if (byFormat) return { key: byFormat };
      const secretKeyText = await readSmallTextFile(real, SECRET_KEY_FILE_MAX_BYTES, 'secret key file');
      const { encrypted } = keystore.inspectSecretKey(secretKeyText);
      const file = basename(real);
      const confirmed = await deps.confirm.confirm({
        title: 'Import a secret key',
        message: dialogLine(`Import the secret key in ${file} as “${name}”?`),
        detail: dialogText([
          `From the file: ${real}`,
          `Name in Signet: ${name}`,
          encrypted
            ? 'Signet will ask for the passphrase of the file next; then you may keep it or choose a new one.'
            : 'This file is not protected by a passphrase. Signet will ask you for a new one and keep only a protected copy.',
          'Anyone who can use this key can sign files in its name.',
        ]),
        confirmLabel: 'Import',
      });
      if (!confirmed) throw new SignetError('cancelled', 'You did not confirm, so no key was imported.');
      if (!encrypted) {
        const newPassphrase = await askNewPassphrase(
          deps.passphrases,
          `New passphrase for “${name}”`,
          `The key in ${file} has no passphrase. Choose one: Signet keeps keys only with a passphrase.`,
          'No key was imported.',
        );
        return {
          key: await keystore.importSecretKey({ name, secretKeyText, passphrase: '', newPassphrase }),
        };
      }
      // First the file's own passphrase (retried in main's window), then, once it has opened the
      // file, a new one typed twice: the copy Signet keeps is protected by a passphrase chosen here.
      const key = await unlockWithPrompts(
        deps.passphrases,
        (passphrase) =>
          keystore.importSecretKey({
            name,
            secretKeyText,
            passphrase,
            newPassphrase: async () =>
              (await askNewOrKeep(
                deps.passphrases,
                {
                  title: `New passphrase for “${name}”`,
                  description: `${file} opened. Now choose the passphrase Signet will ask for when you sign with “${name}”, or keep the one it has.`,
                },
                'No key was imported.',
              )) ?? passphrase,
          }),
        {
          title: `Passphrase of ${file}`,
          description: `Type the passphrase that protects the secret key in ${file}, to import it as “${name}”.`,
        },
        'No key was imported.',
      );
      return { key };
    },

    async publicKeyText({ keyId }) {
      const key = await findKey(keyId);
      return { fileText: await keystore.publicKeyText(key.id), base64: key.publicKey };
    },

    async savePublicKey({ keyId }) {
      const key = await findKey(keyId);
      // An armored OpenPGP certificate is saved as .asc, as gpg users expect; a minisign key as .pub.
      const suffix = key.fingerprint ? '.asc' : '.pub';
      const destination = await deps.dialogs.saveFile(`${fileNameFor(key)}${suffix}`, 'public-key');
      if (destination === null) return { savedTo: null };
      // The save dialog already asked before replacing a file; a public key holds no secret.
      await writeFileAtomic(destination, await keystore.publicKeyText(key.id), {
        mode: 0o644,
        overwrite: true,
      });
      deps.grants.grant([destination], 'written');
      return { savedTo: destination };
    },

    async backupKey({ keyId }) {
      const key = await findKey(keyId);
      const destination = await deps.dialogs.saveFile(`${fileNameFor(key)}.key`, 'secret-key');
      if (destination === null) return { savedTo: null };
      const revocation = await storedRevocation(keystore, key);
      const revocationFile = revocation === undefined ? undefined : revocationFileFor(destination);
      // The save dialog asked about the backup itself; the certificate beside it is asked about here,
      // once, with the backup: both are named, and only what is named is replaced.
      const existing: string[] = [];
      for (const path of [destination, ...(revocationFile ? [revocationFile] : [])]) {
        if (await pathExists(path)) existing.push(path);
      }
      const confirmed = await deps.confirm.confirm({
        title: 'Save a copy of a secret key',
        message: dialogLine(`Save a copy of your secret key “${key.name}”?`),
        detail: dialogText([
          `Key id: ${key.keyId}`,
          `To: ${destination}`,
          'The copy stays protected by the key’s passphrase. Anyone with the copy and the passphrase can sign in this key’s name.',
          ...(revocationFile === undefined
            ? []
            : [
                `With it, its revocation certificate: ${revocationFile}`,
                `${REVOCATION_PURPOSE} Keep it apart from the backup.`,
              ]),
          ...(existing.length === 0
            ? []
            : [`Already there, will be replaced: ${existing.map((path) => basename(path)).join(' and ')}`]),
        ]),
        confirmLabel: existing.length === 0 ? 'Save copy' : 'Replace and save',
      });
      if (!confirmed) return { savedTo: null };
      const written = await backUpStoredKey(keystore, key, destination, { replace: existing });
      deps.grants.grant([written.backup, ...(written.revocation ? [written.revocation] : [])], 'written');
      return { savedTo: written.backup, ...(written.revocation ? { revocation: written.revocation } : {}) };
    },

    async extendKey({ keyId }) {
      const key = await findKey(keyId);
      const { side } = await signingFormatForKey(key.kind);
      const extend = side.extendStoredKey;
      if (!extend) throw new SignetError('usage', 'This key’s expiry is not Signet’s to change.');
      const extended = await unlockWithPrompts(
        deps.passphrases,
        async (passphrase) => extend(await keystore.readKeyFile(key.id), passphrase),
        keyPrompt(key, 'to extend it by two years'),
        'The key was not changed.',
      );
      return { key: await keystore.rewrite(key.id, extended) };
    },

    async deleteKey({ keyId }) {
      const key = await findKey(keyId);
      const confirmed = await deps.confirm.confirm({
        title: 'Delete a key',
        message: dialogLine(`Move your key “${key.name}” to the trash?`),
        detail: dialogText([
          `Name: ${key.name}`,
          `Key id: ${key.keyId}`,
          `Created: ${formatDate(key.createdAt)}`,
          'Files already signed with it stay signed. You can no longer sign with it unless you restore it from the trash.',
        ]),
        confirmLabel: 'Move to Trash',
      });
      if (!confirmed) return { deleted: false };
      await keystore.trash(key.id, (path) => deps.shell.trashItem(path));
      return { deleted: true };
    },
  };
}
