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
import { SECRET_KEY_FILE_MAX_BYTES } from '../limits';
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
 * A key of another kind than minisign, made or imported by its format's code, for the keystore to
 * file: the record (its `id` and `keyId` equal) and the key file's content, already encrypted by
 * that code, or for a token key only where the token and key are.
 */
export interface NewKeyRecord {
  record: Omit<KeyInfo, 'createdAt' | 'backedUpAt' | 'name'>;
  name: string;
  keyFile: string | Uint8Array;
}

/**
 * Secret keys on disk, one key file per key (`<ID>.key`: a minisign secret key file, an OpenPGP
 * secret key, a certificate's private key; always encrypted, or for a token key only where it is)
 * with its record beside it (`<ID>.json`, KeyInfo). Files are 0600 and the folder 0700; nothing is ever
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

  /**
   * Files a key of another kind (see NewKeyRecord); its name and id must be free. The key file is
   * written first, so a record never points at nothing.
   */
  async add(input: NewKeyRecord): Promise<KeyInfo> {
    const name = checkKeyName(input.name);
    return this.#exclusive(async () => {
      await this.#ensureDir();
      await this.#assertNameFree(name);
      const info: KeyInfo = { ...input.record, name, createdAt: this.#now().toISOString() };
      await this.#assertKeyAbsent(info.id);
      await this.#write(info, input.keyFile, false);
      return info;
    });
  }

  /** A key's record and key file as stored, for its format's code to open (an encrypted key, or where a token key is). */
  async readKeyFile(id: string): Promise<{ info: KeyInfo; keyFile: Buffer }> {
    const info = await this.#info(id);
    const keyFile = await readFile(this.#keyFile(info.id));
    if (keyFile.length > SECRET_KEY_FILE_MAX_BYTES) {
      throw new FormatError('The key file in the keystore is too large to be what it claims.');
    }
    return { info, keyFile };
  }

  /**
   * Replaces a key's file and record together, for a change the person asked for (an OpenPGP key's
   * expiry extended, which re-signs it). The id, kind, name and creation time stay.
   */
  async rewrite(
    id: string,
    change: { keyFile: string | Uint8Array; publicKey: string; expiresAt?: string },
  ): Promise<KeyInfo> {
    return this.#exclusive(async () => {
      const { expiresAt: _old, ...info } = await this.#info(id);
      const updated: KeyInfo = {
        ...info,
        publicKey: change.publicKey,
        ...(change.expiresAt ? { expiresAt: change.expiresAt } : {}),
      };
      await this.#write(updated, change.keyFile, true);
      return updated;
    });
  }

  /** The public key as people publish it: minisign's .pub file text, else the record's own text. */
  async publicKeyText(id: string): Promise<string> {
    const info = await this.#info(id);
    if (info.kind !== 'minisign') return info.publicKey;
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
    // Fingerprints and thumbprints are written with spaces or colons (gpg, openssl) and either case.
    const hex = /^(?:0x)?[0-9a-f: ]+$/i.test(wanted) ? wanted.replace(/^0x|[: ]/gi, '').toUpperCase() : '';
    const found =
      keys.find((info) => info.keyId === hex || (hex.length > 16 && info.fingerprint === hex)) ??
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
    if (info.kind !== 'minisign') {
      throw new SignetError('usage', `"${info.name}" is not a minisign key; it signs in its own format.`);
    }
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
      kind: 'minisign',
      name,
      keyId,
      createdAt: this.#now().toISOString(),
      publicKey: publicKeyBase64(key),
    };
    await this.#write(info, secretKeyText, false);
    return info;
  }

  /** Key file, then record; a new key whose record cannot be written leaves no key file behind. */
  async #write(info: KeyInfo, keyFile: string | Uint8Array, overwrite: boolean): Promise<void> {
    await writeFileAtomic(this.#keyFile(info.id), keyFile, { mode: 0o600, overwrite });
    try {
      await writeFileAtomic(this.#metadataFile(info.id), formatKeyMetadata(info), {
        mode: 0o600,
        overwrite,
      });
    } catch (error) {
      if (!overwrite) await unlinkIfPresent(this.#keyFile(info.id));
      throw error;
    }
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
