import type { KeyInfo } from '../../../shared/ipc/contract';
import { SignetError } from '../../core/errors';
import { writeFileAtomic } from '../../core/fs/atomic-write';
import { readSmallTextFile } from './read-small-file';
import type { HandlerDeps, Handlers } from './types';

/** minisign secret keys are a few hundred bytes; 64 KiB leaves room for comments and CRLF. */
const MAX_SECRET_KEY_FILE_BYTES = 64 * 1024;

export function createKeyHandlers(
  deps: HandlerDeps,
): Pick<
  Handlers,
  'listKeys' | 'createKey' | 'importKey' | 'publicKeyText' | 'savePublicKey' | 'backupKey' | 'deleteKey'
> {
  const { keystore } = deps;
  const findKey = async (keyId: string): Promise<KeyInfo> => {
    const key = (await keystore.list()).find((candidate) => candidate.id === keyId);
    if (!key) throw new SignetError('usage', 'That key is not in your keystore any more.');
    return key;
  };

  return {
    async listKeys() {
      return { keys: await keystore.list() };
    },

    async createKey({ name, passphrase }) {
      return { key: await keystore.create({ name, passphrase }) };
    },

    async importKey({ name, secretKeyFile, passphrase }) {
      const secretKeyText = await readSmallTextFile(
        secretKeyFile,
        MAX_SECRET_KEY_FILE_BYTES,
        'secret key file',
      );
      return { key: await keystore.importSecretKey({ name, secretKeyText, passphrase }) };
    },

    async publicKeyText({ keyId }) {
      const key = await findKey(keyId);
      return { fileText: await keystore.publicKeyText(key.id), base64: key.publicKey };
    },

    async savePublicKey({ keyId }) {
      const key = await findKey(keyId);
      const destination = await deps.dialogs.saveFile(`${fileNameFor(key)}.pub`, 'public-key');
      if (destination === null) return { savedTo: null };
      // The save dialog already asked before replacing a file; a public key holds no secret.
      await writeFileAtomic(destination, await keystore.publicKeyText(key.id), {
        mode: 0o644,
        overwrite: true,
      });
      return { savedTo: destination };
    },

    async backupKey({ keyId }) {
      const key = await findKey(keyId);
      const destination = await deps.dialogs.saveFile(`${fileNameFor(key)}.key`, 'secret-key');
      if (destination === null) return { savedTo: null };
      // The keystore copies the still-encrypted file and never replaces an existing one.
      await keystore.backup(key.id, destination);
      return { savedTo: destination };
    },

    async deleteKey({ keyId, typedName }) {
      const key = await findKey(keyId);
      // The keystore deletes only when the typed name is exactly the key's name.
      await keystore.remove(key.id, typedName);
      return { deleted: true };
    },
  };
}

/** A file name suggestion from the key's display name, which may hold characters no file system accepts. */
export function fileNameFor(key: Pick<KeyInfo, 'name' | 'keyId'>): string {
  const cleaned = key.name
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}._-]+/gu, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 60);
  return cleaned === '' ? `signet-${key.keyId}` : cleaned;
}
