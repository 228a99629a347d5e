import { join, resolve } from 'node:path';
import { printable } from '../../../shared/printable';
import { userConfigDir } from '../../core/config/paths';
import { plainMessage } from '../../core/errors';
import { keyIdFromKeyNum } from '../../core/formats/minisign/key-id';
import { formatMinisignPublicKey } from '../../core/formats/minisign/public-key';
import { formatMinisignSecretKey, generateMinisignKeyPair } from '../../core/formats/minisign/secret-key';
import { writeFileAtomic } from '../../core/fs/atomic-write';
import { firstExisting } from '../../core/fs/first-existing';
import { ensurePrivateDir } from '../../core/fs/private-dir';
import { CliExit } from '../cli-error';
import { readPassphrase } from '../passphrase';

export interface KeygenFlags {
  out?: string;
  name?: string;
  passphrase?: boolean; // commander's --no-passphrase sets this to false
  passphraseFile?: string;
}

export async function keygenCommand(flags: KeygenFlags): Promise<number> {
  const name = flags.name ?? 'signet';
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(name) || name.startsWith('.')) {
    throw new CliExit(2, 'The key name may use letters, digits, dot, dash and underscore (at most 64).');
  }
  const dir = resolve(flags.out ?? userConfigDir());
  const secretPath = join(dir, `${name}.key`);
  const publicPath = join(dir, `${name}.pub`);
  const existing = await firstExisting([secretPath, publicPath]);
  if (existing) throw new CliExit(2, `${printable(existing)} already exists; nothing was overwritten.`);
  const passphrase =
    flags.passphrase === false
      ? undefined
      : await readPassphrase(flags, 'Passphrase for the new key: ', { confirm: true });
  if (passphrase === '')
    throw new CliExit(2, 'An empty passphrase is not allowed; use --no-passphrase for a key without one.');
  try {
    await ensurePrivateDir(dir);
    const key = generateMinisignKeyPair();
    const secretText = await formatMinisignSecretKey(key, passphrase);
    await writeFileAtomic(secretPath, secretText, { mode: 0o600 });
    await writeFileAtomic(publicPath, formatMinisignPublicKey(key), { mode: 0o644 });
    process.stdout.write(
      `Key ${keyIdFromKeyNum(key.keyNum)} created.\n  Secret key: ${printable(secretPath)} (keep it private)\n  Public key: ${printable(publicPath)} (share it)\n`,
    );
    return 0;
  } catch (error) {
    throw new CliExit(2, plainMessage(error));
  }
}
