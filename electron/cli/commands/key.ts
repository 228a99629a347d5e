import { basename } from 'node:path';
import { formatDate } from '../../../shared/dates';
import { inGroupsOfFour } from '../../../shared/fingerprint-groups';
import { newPassphraseRefusal } from '../../../shared/new-passphrase-rule';
import { printable } from '../../../shared/printable';
import { onWhichToken } from '../../../shared/token-words';
import { utf8OrUndefined } from '../../core/encoding/utf8';
import { plainMessage } from '../../core/errors';
import { looksLikeOpenPgpKey, openImportedKey, readOpenPgpSecretKey } from '../../core/formats/openpgp-keys';
import { Keystore } from '../../core/keystore/keystore';
import { keystoreDir } from '../../core/keystore/location';
import { SECRET_KEY_FILE_MAX_BYTES } from '../../core/limits';
import { CliExit } from '../cli-error';
import { readInputFile } from '../input-file';
import { type PassphraseSource, readPassphrase } from '../passphrase';
import { importKeyFileByFormat } from './key-import';

export interface KeyImportFlags extends PassphraseSource {
  name?: string;
  /** Keep the stored copy under a new passphrase, not the key's own. */
  newPassphrase?: boolean;
  /** The new passphrase from the first line of this file (implies --new-passphrase). */
  newPassphraseFile?: string;
}

/**
 * The new passphrase asked for with --new-passphrase, once the key's own has opened it: from
 * --new-passphrase-file, SIGNET_NEW_PASSPHRASE or the prompt (twice). A very weak one is refused,
 * as for a new key. Undefined when none was asked for: the key keeps its own passphrase.
 */
function newPassphraseAsked(flags: KeyImportFlags): (() => Promise<string>) | undefined {
  if (!flags.newPassphrase && flags.newPassphraseFile === undefined) return undefined;
  return async () => {
    const chosen = await readPassphrase(
      flags.newPassphraseFile !== undefined ? { passphraseFile: flags.newPassphraseFile } : {},
      'New passphrase for the key in your keystore: ',
      { confirm: true, env: ['SIGNET_NEW_PASSPHRASE'] },
    );
    if (chosen === '') throw new CliExit(2, 'An empty passphrase is not allowed. Nothing was imported.');
    const refusal = newPassphraseRefusal(chosen);
    if (refusal) throw new CliExit(2, `${refusal} Nothing was imported.`);
    return chosen;
  };
}

/**
 * `signet key import FILE`: a minisign secret key or an OpenPGP one as gpg exports it, into the
 * keystore, still encrypted with its own passphrase. A key Signet will not keep is refused with a
 * sentence before its passphrase is asked, and nothing is stored.
 */
export async function keyImportCommand(file: string, flags: KeyImportFlags): Promise<number> {
  const { bytes } = await readInputFile(file, 'secret key', SECRET_KEY_FILE_MAX_BYTES);
  const keystore = new Keystore(keystoreDir());
  try {
    if (looksLikeOpenPgpKey(bytes)) {
      const read = await readOpenPgpSecretKey(new Uint8Array(bytes));
      const label = read.record.label ?? read.record.keyId;
      const newPassphrase = newPassphraseAsked(flags);
      const passphrase = read.encrypted
        ? await readPassphrase(flags, `Passphrase of "${printable(label)}": `)
        : newPassphrase
          ? undefined
          : await readPassphrase(flags, 'This key has no passphrase; choose one for the keystore: ', {
              confirm: true,
            });
      const opened = await openImportedKey(
        read,
        passphrase,
        newPassphrase ?? (read.encrypted ? undefined : passphrase),
      );
      const name = flags.name ?? label.replace(/\s*<[^>]*>\s*$/, '').trim() ?? label;
      const info = await keystore.add({
        name: name || label,
        record: opened.record,
        keyFile: opened.keyFile,
      });
      process.stdout.write(
        `Imported OpenPGP key "${printable(info.label ?? info.name)}" as "${printable(info.name)}", fingerprint ${inGroupsOfFour(info.fingerprint ?? '')}.\n`,
      );
      return 0;
    }
    // A format that imports its own key files (a PKCS#12 certificate file), then minisign's.
    const byFormat = await importKeyFileByFormat(file, new Uint8Array(bytes), flags);
    if (byFormat !== undefined) return byFormat;
    const text = utf8OrUndefined(bytes);
    if (text === undefined) {
      throw new CliExit(
        2,
        'This is neither a minisign or OpenPGP secret key nor a PKCS#12 certificate file.',
      );
    }
    const { encrypted } = keystore.inspectSecretKey(text);
    const newPassphrase = newPassphraseAsked(flags);
    const passphrase =
      !encrypted && newPassphrase
        ? ''
        : await readPassphrase(
            flags,
            encrypted ? `Passphrase of ${printable(basename(file))}: ` : 'Passphrase to keep the key with: ',
            encrypted ? {} : { confirm: true },
          );
    const info = await keystore.importSecretKey({
      name: flags.name ?? basename(file).replace(/\.key$/i, ''),
      secretKeyText: text,
      passphrase,
      ...(newPassphrase ? { newPassphrase } : {}),
    });
    process.stdout.write(`Imported minisign key "${printable(info.name)}", key id ${info.keyId}.\n`);
    return 0;
  } catch (error) {
    if (error instanceof CliExit) throw error;
    throw new CliExit(2, `${plainMessage(error)} Nothing was imported.`);
  }
}

/** `signet key export --public KEY`: the public half people publish, on stdout. */
export async function keyExportCommand(flags: { public: string }): Promise<number> {
  const keystore = new Keystore(keystoreDir());
  try {
    const info = await keystore.find(flags.public);
    process.stdout.write(await keystore.publicKeyText(info.id));
    return 0;
  } catch (error) {
    throw new CliExit(2, plainMessage(error));
  }
}

/** As the Keys card says it: "expired" once the day has passed. */
const expiredBy = (iso: string) => Date.parse(iso) <= Date.now();

/** `signet key list`: each key's kind, id or fingerprint, name and expiry, one a line. */
export async function keyListCommand(): Promise<number> {
  const keys = await new Keystore(keystoreDir()).list();
  if (keys.length === 0) {
    process.stdout.write('There are no keys in your keystore yet. Create one with: signet keygen\n');
    return 0;
  }
  for (const info of keys) {
    const id = info.fingerprint ? inGroupsOfFour(info.fingerprint) : info.keyId;
    const expires = info.expiresAt
      ? `${expiredBy(info.expiresAt) ? 'expired' : 'expires'} ${formatDate(info.expiresAt)}`
      : 'no expiry';
    // Who the key speaks for (a User ID, a certificate's subject), unless its name already says it.
    const speaksFor = info.label ?? info.name;
    const who = speaksFor === info.name ? '' : ` (${printable(speaksFor)})`;
    // A token key also says which token, in the Keys card's words.
    const where = info.location === 'token' ? `\t${onWhichToken(info)}` : '';
    process.stdout.write(`${info.kind}\t${id}\t${printable(info.name)}${who}\t${expires}${where}\n`);
  }
  return 0;
}
