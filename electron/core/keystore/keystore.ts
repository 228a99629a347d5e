import { chmod, mkdir, readFile, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { KeyRetirement } from '../../../shared/domain';
import { bytesEqual } from '../encoding/bytes';
import { FormatError, SignetError } from '../errors';
import type { KdfLimits } from '../formats/minisign-keys';
import {
  formatMinisignSecretKey,
  generateMinisignKeyPair,
  isEncryptedMinisignSecretKey,
  type MinisignSecretKey,
  parseAndDecryptMinisignSecretKey,
} from '../formats/minisign-keys';
import {
  formatMinisignPublicKey,
  isKeyId,
  keyIdFromKeyNum,
  parseMinisignPublicKey,
  publicKeyBase64,
} from '../formats/minisign-public-keys';
import { writeFileAtomic } from '../fs/atomic-write';
import { pathExists } from '../fs/path-exists';
import { formatKeyMetadata, type KeyInfo } from './key-info';
import { listKeys, readKeyRecord } from './key-list';
import { checkKeyName, sameKeyName } from './key-name';
import { scryptSlots } from './scrypt-slots';

export type { KeyInfo } from './key-info';

export interface KeystoreOptions {
  /** Clock for createdAt; tests replace it. */
  now?: () => Date;
}

export interface CreateKeyInput {
  name: string;
  passphrase: string;
  /** scrypt limits for the stored key; minisign's own (about 1 GiB) unless a test needs speed. */
  kdf?: KdfLimits;
}

export interface ImportKeyInput extends CreateKeyInput {
  /** A minisign secret key file; `passphrase` opens it (if encrypted) and protects the stored copy. */
  secretKeyText: string;
  /**
   * Protects the stored copy instead of `passphrase`. A function is asked only once the file has
   * opened, so a person chooses the new passphrase after the old one proved right.
   */
  newPassphrase?: string | (() => Promise<string>);
}

const MAX_SECRET_KEY_BYTES = 16 * 1024;

/**
 * Secret keys on disk, one minisign secret key file per key (`<KEYID>.key`, always encrypted) with
 * its metadata beside it (`<KEYID>.json`). Files are 0600 and the folder 0700; nothing is ever
 * overwritten. Main process only: keys never leave it.
 */
export class Keystore {
  readonly dir: string;
  readonly #now: () => Date;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(dir: string, options: KeystoreOptions = {}) {
    this.dir = resolve(dir);
    this.#now = options.now ?? (() => new Date());
  }

  /** Keys whose metadata is readable and whose key file is present, oldest first. */
  list(): Promise<KeyInfo[]> {
    return listKeys(this.dir);
  }

  async create(input: CreateKeyInput): Promise<KeyInfo> {
    const name = checkKeyName(input.name);
    checkNewPassphrase(input.passphrase);
    await this.#assertNameFree(name);
    const key = generateMinisignKeyPair();
    try {
      const secretKeyText = await scryptSlots.run(() =>
        formatMinisignSecretKey(key, input.passphrase, input.kdf),
      );
      return await this.#exclusive(() => this.#store(name, key, secretKeyText));
    } finally {
      key.seed.fill(0);
    }
  }

  /** Whether a secret key file is encrypted; FormatError when it is not a minisign secret key. */
  inspectSecretKey(secretKeyText: string): { encrypted: boolean } {
    return { encrypted: isEncryptedMinisignSecretKey(secretKeyText) };
  }

  async importSecretKey(input: ImportKeyInput): Promise<KeyInfo> {
    const name = checkKeyName(input.name);
    if (typeof input.newPassphrase !== 'function')
      checkNewPassphrase(input.newPassphrase ?? input.passphrase);
    await this.#assertNameFree(name);
    const key = await scryptSlots.run(() =>
      parseAndDecryptMinisignSecretKey(input.secretKeyText, input.passphrase),
    );
    try {
      await this.#assertKeyAbsent(keyIdFromKeyNum(key.keyNum));
      const protectWith =
        typeof input.newPassphrase === 'function'
          ? await input.newPassphrase()
          : (input.newPassphrase ?? input.passphrase);
      checkNewPassphrase(protectWith);
      // A fresh salt, and minisign's limits even when the imported file used weaker ones.
      const secretKeyText = await scryptSlots.run(() => formatMinisignSecretKey(key, protectWith, input.kdf));
      return await this.#exclusive(() => this.#store(name, key, secretKeyText));
    } finally {
      key.seed.fill(0);
    }
  }

  /** The minisign .pub file text for a key. */
  async publicKeyText(id: string): Promise<string> {
    const info = await this.#info(id);
    return formatMinisignPublicKey(parseMinisignPublicKey(info.publicKey));
  }

  /** Copies the encrypted secret key file to `destination` (0600); never replaces a file there. */
  async backup(id: string, destination: string): Promise<void> {
    const info = await this.#info(id);
    const bytes = await readFile(this.#keyFile(info.id));
    await writeFileAtomic(resolve(destination), bytes, { mode: 0o600, overwrite: false });
  }

  /**
   * Notes when a backup was made, so each key can say whether it has one. Only the metadata file is
   * rewritten (atomically); the secret key file is never touched.
   */
  async recordBackup(id: string, when: Date = this.#now()): Promise<KeyInfo> {
    return this.#exclusive(async () => {
      const info = await this.#info(id);
      const updated: KeyInfo = { ...info, backedUpAt: when.toISOString() };
      await writeFileAtomic(this.#metadataFile(info.id), formatKeyMetadata(updated), {
        mode: 0o600,
        overwrite: true,
      });
      return updated;
    });
  }

  /**
   * Marks a key retired in favour of `retired.successorKeyId` (after a transition statement was
   * signed by both). Only the metadata file is rewritten; the key stays usable and is never removed.
   */
  async recordRetirement(id: string, retired: KeyRetirement): Promise<KeyInfo> {
    return this.#exclusive(async () => {
      const info = await this.#info(id);
      const updated: KeyInfo = { ...info, retired };
      await writeFileAtomic(this.#metadataFile(info.id), formatKeyMetadata(updated), {
        mode: 0o600,
        overwrite: true,
      });
      return updated;
    });
  }

  /**
   * The key a person means by `reference`: its key id, or its name (case and Unicode form aside).
   * SignetError 'usage' naming the keys there are when none matches.
   */
  async find(reference: string): Promise<KeyInfo> {
    const keys = await this.list();
    const wanted = reference.trim();
    const found =
      keys.find((info) => info.keyId === wanted.toUpperCase()) ??
      keys.find((info) => sameKeyName(info.name, wanted));
    if (found) return found;
    throw new SignetError(
      'usage',
      keys.length === 0
        ? 'There are no keys in your keystore yet. Create one with: signet keygen --name "Release key"'
        : `No key in your keystore is called "${wanted}". Your keys: ${keys.map((k) => `"${k.name}" (${k.keyId})`).join(', ')}.`,
    );
  }

  /** Deletes a key only when `typedName` is exactly its name, so a slip cannot lose a key. */
  async remove(id: string, typedName: string): Promise<void> {
    await this.#exclusive(async () => {
      const info = await this.#info(id);
      if (typedName !== info.name) {
        throw new SignetError('usage', 'The name you typed does not match the key, so it was not deleted.');
      }
      // Key file first: metadata without a key file is hidden by list(), a key file without
      // metadata would be an invisible secret left behind.
      await unlinkIfPresent(this.#keyFile(info.id));
      await unlinkIfPresent(this.#metadataFile(info.id));
    });
  }

  /**
   * Moves a key's files out of the keystore with `moveToTrash` (the OS trash in the app), so a deleted
   * key can be restored; nothing is unlinked.
   */
  async trash(id: string, moveToTrash: (path: string) => Promise<void>): Promise<void> {
    await this.#exclusive(async () => {
      const info = await this.#info(id);
      // Key file first, as in remove().
      await moveToTrash(this.#keyFile(info.id));
      await moveToTrash(this.#metadataFile(info.id));
    });
  }

  /** Decrypts a key for one signing job. SignetError 'wrong-passphrase' when the passphrase is wrong. */
  async unlock(id: string, passphrase: string): Promise<MinisignSecretKey> {
    const info = await this.#info(id);
    const text = await readSmall(this.#keyFile(info.id), MAX_SECRET_KEY_BYTES, 'The secret key file');
    const key = await scryptSlots.run(() => parseAndDecryptMinisignSecretKey(text, passphrase));
    const expected = parseMinisignPublicKey(info.publicKey);
    if (!bytesEqual(key.keyNum, expected.keyNum) || !bytesEqual(key.publicKey, expected.publicKey)) {
      key.seed.fill(0);
      throw new FormatError('The secret key file does not match the key it is filed under.');
    }
    return key;
  }

  async #store(name: string, key: MinisignSecretKey, secretKeyText: string): Promise<KeyInfo> {
    await this.#ensureDir();
    await this.#assertNameFree(name);
    const keyId = keyIdFromKeyNum(key.keyNum);
    await this.#assertKeyAbsent(keyId);
    const info: KeyInfo = {
      id: keyId,
      name,
      keyId,
      createdAt: this.#now().toISOString(),
      publicKey: publicKeyBase64(key),
    };
    await writeFileAtomic(this.#keyFile(keyId), secretKeyText, { mode: 0o600, overwrite: false });
    try {
      await writeFileAtomic(this.#metadataFile(keyId), formatKeyMetadata(info), {
        mode: 0o600,
        overwrite: false,
      });
    } catch (error) {
      await unlinkIfPresent(this.#keyFile(keyId));
      throw error;
    }
    return info;
  }

  async #info(id: string): Promise<KeyInfo> {
    if (!isKeyId(id)) throw new SignetError('usage', 'That is not a key id.');
    const info = await this.#readInfo(id);
    if (!info || !(await pathExists(this.#keyFile(id)))) {
      throw new SignetError('usage', `There is no key ${id} in the keystore.`);
    }
    return info;
  }

  #readInfo(id: string): Promise<KeyInfo | undefined> {
    return readKeyRecord(this.dir, id);
  }

  async #assertNameFree(name: string): Promise<void> {
    const taken = (await this.list()).find((info) => sameKeyName(info.name, name));
    if (taken)
      throw new SignetError('exists', `You already have a key named "${taken.name}". Choose another name.`);
  }

  async #assertKeyAbsent(keyId: string): Promise<void> {
    const existing = await this.#readInfo(keyId);
    if (existing) {
      throw new SignetError('exists', `This key is already in your keystore as "${existing.name}".`);
    }
    if (await pathExists(this.#keyFile(keyId))) {
      throw new SignetError(
        'exists',
        `A key file for ${keyId} is already in the keystore; nothing was replaced.`,
      );
    }
  }

  async #ensureDir(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    // mkdir's mode is filtered by the umask and does nothing for an existing folder.
    if (process.platform !== 'win32') await chmod(this.dir, 0o700);
  }

  #exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #keyFile(id: string): string {
    return join(this.dir, `${id}.key`);
  }

  #metadataFile(id: string): string {
    return join(this.dir, `${id}.json`);
  }
}

function checkNewPassphrase(passphrase: string): void {
  if (passphrase.length === 0) {
    throw new SignetError('usage', 'Choose a passphrase: Signet never stores a secret key without one.');
  }
}

async function readSmall(path: string, maxBytes: number, what: string): Promise<string> {
  const bytes = await readFile(path);
  if (bytes.length > maxBytes) throw new FormatError(`${what} is too large to be what it claims.`);
  return bytes.toString('utf8');
}

async function unlinkIfPresent(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
