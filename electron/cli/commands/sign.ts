import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { userConfigDir } from '../../core/config/paths';
import { plainMessage } from '../../core/errors';
import {
  isEncryptedMinisignSecretKey,
  parseAndDecryptMinisignSecretKey,
} from '../../core/formats/minisign/secret-key';
import { signFile } from '../../core/sign/sign-file';
import { CliExit } from '../cli-error';
import { readPassphrase } from '../passphrase';

export interface SignFlags {
  key?: string;
  trustedComment?: string;
  force?: boolean;
  passphraseFile?: string;
}

export const defaultSecretKeyPath = () => join(userConfigDir(), 'signet.key');

export async function signCommand(files: string[], flags: SignFlags): Promise<number> {
  const keyPath = flags.key ?? defaultSecretKeyPath();
  let keyText: string;
  try {
    keyText = await readFile(keyPath, 'utf8');
  } catch (error) {
    throw new CliExit(2, `Cannot read the secret key ${keyPath}: ${plainMessage(error)}`);
  }
  if (keyText.length > 10_000) throw new CliExit(2, `${keyPath} is too large to be a secret key.`);
  const passphrase = isEncryptedMinisignSecretKey(keyText)
    ? await readPassphrase(flags, `Passphrase for ${keyPath}: `)
    : undefined;
  let key: Awaited<ReturnType<typeof parseAndDecryptMinisignSecretKey>>;
  try {
    key = await parseAndDecryptMinisignSecretKey(keyText, passphrase);
  } catch (error) {
    throw new CliExit(2, plainMessage(error));
  }
  let failed = 0;
  for (const file of files) {
    try {
      const result = await signFile(file, key, {
        ...(flags.trustedComment !== undefined ? { trustedComment: flags.trustedComment } : {}),
        overwrite: flags.force === true,
      });
      process.stdout.write(`Signed ${file} -> ${result.signatureFile}\n`);
    } catch (error) {
      failed++;
      const hint = (error as { kind?: string }).kind === 'exists' ? ' (use --force to replace it)' : '';
      process.stderr.write(`signet: ${file}: ${plainMessage(error)}${hint}\n`);
    }
  }
  return failed > 0 ? 2 : 0;
}
