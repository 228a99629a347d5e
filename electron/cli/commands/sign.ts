import { join } from 'node:path';
import { printable } from '../../../shared/printable';
import { userConfigDir } from '../../core/config/paths';
import { plainMessage } from '../../core/errors';
import {
  isEncryptedMinisignSecretKey,
  parseAndDecryptMinisignSecretKey,
} from '../../core/formats/minisign/secret-key';
import { signFile } from '../../core/sign/sign-file';
import { CliExit } from '../cli-error';
import { requireRegularFile } from '../input-file';
import { readPassphrase } from '../passphrase';
import { readText } from '../read-text';

export interface SignFlags {
  key?: string;
  trustedComment?: string;
  force?: boolean;
  passphraseFile?: string;
}

export const defaultSecretKeyPath = () => join(userConfigDir(), 'signet.key');

export async function signCommand(files: string[], flags: SignFlags): Promise<number> {
  // Every file is checked before the key and its passphrase: a folder or a pipe among them ends the
  // command at once, before anyone types a passphrase or waits for scrypt, and nothing is signed.
  await requireRegularFiles(files);
  const keyPath = flags.key ?? defaultSecretKeyPath();
  // minisign's secret key file is about 350 bytes; a larger one is not a key.
  const keyText = await readText(keyPath, 'secret key', 10_000);
  const passphrase = isEncryptedMinisignSecretKey(keyText)
    ? await readPassphrase(flags, `Passphrase for ${printable(keyPath)}: `)
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
      process.stdout.write(`Signed ${printable(file)} -> ${printable(result.signatureFile)}\n`);
    } catch (error) {
      failed++;
      const hint = (error as { kind?: string }).kind === 'exists' ? ' (use --force to replace it)' : '';
      process.stderr.write(`signet: ${printable(file)}: ${plainMessage(error)}${hint}\n`);
    }
  }
  return failed > 0 ? 2 : 0;
}

async function requireRegularFiles(files: string[]): Promise<void> {
  const problems = await Promise.all(
    files.map((file) =>
      requireRegularFile(file, 'file to sign').then(
        () => undefined,
        (error: CliExit) => error,
      ),
    ),
  );
  const found = problems.filter((p) => p !== undefined);
  if (found.length === 0) return;
  for (const problem of found.slice(0, -1)) process.stderr.write(`signet: ${problem.message}\n`);
  const last = found[found.length - 1] as CliExit;
  throw new CliExit(2, `${last.message} Nothing was signed.`);
}
