import { join, resolve } from 'node:path';
import { newPassphraseRefusal } from '../../../shared/new-passphrase-rule';
import { passphraseStrength } from '../../../shared/passphrase-strength';
import { printable } from '../../../shared/printable';
import { plainMessage } from '../../core/errors';
import { formatMinisignSecretKey, generateMinisignKeyPair } from '../../core/formats/minisign-keys';
import {
  formatMinisignPublicKey,
  keyIdFromKeyNum,
  parseMinisignPublicKey,
  publicKeyBase64,
} from '../../core/formats/minisign-public-keys';
import { writeFileAtomic } from '../../core/fs/atomic-write';
import { firstExisting } from '../../core/fs/first-existing';
import { ensurePrivateDir } from '../../core/fs/private-dir';
import { checkKeyName } from '../../core/keystore/key-name';
import { Keystore } from '../../core/keystore/keystore';
import { keystoreDir } from '../../core/keystore/location';
import { CliExit } from '../cli-error';
import { readPassphrase } from '../passphrase';

export interface KeygenFlags {
  out?: string;
  name?: string;
  passphrase?: boolean; // commander's --no-passphrase sets this to false
  passphraseFile?: string;
  openpgp?: boolean;
  email?: string;
  rsa?: string;
  expires?: string;
}

export const DEFAULT_KEY_NAME = 'Signet key';

/**
 * A new key pair: by default into the keystore the app uses too (files named by key id, the name
 * kept as typed), or with --out as a plain minisign pair <KEYID>.key/.pub in that folder. Prints the
 * public key and how others check files with it.
 */
export async function keygenCommand(flags: KeygenFlags): Promise<number> {
  if (flags.openpgp) return (await import('./keygen-openpgp')).openpgpKeygen(flags);
  if (flags.email !== undefined || flags.rsa !== undefined || flags.expires !== undefined) {
    throw new CliExit(2, '--email, --rsa and --expires are for an OpenPGP key: add --openpgp.');
  }
  let name: string;
  try {
    name = checkKeyName(flags.name ?? DEFAULT_KEY_NAME);
  } catch (error) {
    throw new CliExit(2, plainMessage(error));
  }
  if (flags.out === undefined && flags.passphrase === false) {
    throw new CliExit(
      2,
      'The keystore keeps keys only with a passphrase. Use --out FOLDER for a key file without one.',
    );
  }
  const passphrase =
    flags.passphrase === false
      ? undefined
      : await readPassphrase(flags, 'Passphrase for the new key: ', { confirm: true });
  if (passphrase === '')
    throw new CliExit(
      2,
      'An empty passphrase is not allowed; use --no-passphrase with --out for a key without one.',
    );
  if (passphrase !== undefined) {
    // The app's passphrase window keeps the same rule.
    const refusal = newPassphraseRefusal(passphrase);
    if (refusal) throw new CliExit(2, `${refusal} No key was created.`);
    warnIfWeak(passphrase);
  }
  try {
    const made =
      flags.out === undefined
        ? await intoKeystore(name, passphrase!)
        : await intoFolder(flags.out, passphrase);
    process.stdout.write(report(name, made));
    return 0;
  } catch (error) {
    throw new CliExit(2, plainMessage(error));
  }
}

interface Made {
  keyId: string;
  publicKey: string;
  stored: string[];
}

async function intoKeystore(name: string, passphrase: string): Promise<Made> {
  const keystore = new Keystore(keystoreDir());
  const info = await keystore.create({ name, passphrase });
  return {
    keyId: info.keyId,
    publicKey: info.publicKey,
    stored: [`Stored in your Signet keystore (${printable(keystore.dir)}), shared with the Signet app.`],
  };
}

async function intoFolder(out: string, passphrase: string | undefined): Promise<Made> {
  const dir = resolve(out);
  const key = generateMinisignKeyPair();
  try {
    const keyId = keyIdFromKeyNum(key.keyNum);
    const secretPath = join(dir, `${keyId}.key`);
    const publicPath = join(dir, `${keyId}.pub`);
    const existing = await firstExisting([secretPath, publicPath]);
    if (existing) throw new CliExit(2, `${printable(existing)} already exists; nothing was overwritten.`);
    await ensurePrivateDir(dir);
    const secretText = await formatMinisignSecretKey(key, passphrase);
    await writeFileAtomic(secretPath, secretText, { mode: 0o600 });
    await writeFileAtomic(publicPath, formatMinisignPublicKey(key), { mode: 0o644 });
    return {
      keyId,
      publicKey: publicKeyBase64(key),
      stored: [
        `Secret key: ${printable(secretPath)} (keep it private${passphrase === undefined ? '; it has NO passphrase' : ''})`,
        `Public key: ${printable(publicPath)} (share it)`,
      ],
    };
  } finally {
    key.seed.fill(0);
  }
}

function report(name: string, made: Made): string {
  const pub = formatMinisignPublicKey(parseMinisignPublicKey(made.publicKey));
  return [
    `Key "${printable(name)}" created, key id ${made.keyId}.`,
    ...made.stored.map((line) => `  ${line}`),
    '',
    'Public key (minisign .pub form; safe to publish):',
    pub.trimEnd(),
    '',
    'Others check a file you signed with:',
    `  signet verify FILE --pubkey-string ${made.publicKey}`,
    `  minisign -Vm FILE -P ${made.publicKey}`,
    '',
  ].join('\n');
}

/** A weak passphrase is the one thing that stands between a copied key file and forged signatures. */
export function warnIfWeak(passphrase: string): void {
  const { score, hint } = passphraseStrength(passphrase);
  if (score >= 3) return;
  process.stderr.write(
    `signet: warning: this passphrase is weak. ${hint} Anyone who gets a copy of the key file can try to guess it.\n`,
  );
}
