import { formatDate } from '../../../shared/dates';
import { printable } from '../../../shared/printable';
import { plainMessage } from '../../core/errors';
import { keyFileImporter } from '../../core/formats/key-files';
import { Keystore } from '../../core/keystore/keystore';
import { keystoreDir } from '../../core/keystore/location';
import { CliExit } from '../cli-error';
import { readPassphrase } from '../passphrase';

/**
 * The part of `signet key import` a format's hook does (`recognisesKeyFile`/`importKeyFile`: a
 * PKCS#12 file today): the exit status when a format took the file, undefined when none
 * recognises it, so a caller that also imports minisign and OpenPGP keys tries those next.
 */
export async function importKeyFileByFormat(
  file: string,
  bytes: Uint8Array,
  flags: { name?: string; passphraseFile?: string },
): Promise<number | undefined> {
  const side = await keyFileImporter(bytes);
  if (!side?.importKeyFile) return undefined;
  try {
    const imported = await side.importKeyFile(
      bytes,
      () => readPassphrase(flags, `Password for ${printable(file)}: `),
      new Date(),
    );
    const info = await new Keystore(keystoreDir()).add({
      record: imported.record,
      name: flags.name ?? imported.suggestedName,
      keyFile: imported.keyFile,
    });
    for (const warning of imported.warnings) process.stderr.write(`signet: warning: ${warning}\n`);
    process.stdout.write(
      [
        `Imported "${printable(info.name)}" (${info.keyId}) into your keystore.`,
        ...(info.label ? [`  Certificate: ${printable(info.label)}`] : []),
        ...(info.fingerprint ? [`  Thumbprint (SHA-256): ${info.fingerprint}`] : []),
        ...(info.expiresAt ? [`  Expires: ${formatDate(info.expiresAt)}`] : []),
        '',
      ].join('\n'),
    );
    return 0;
  } catch (error) {
    if (error instanceof CliExit) throw error;
    throw new CliExit(2, `${plainMessage(error)} Nothing was imported.`);
  }
}
