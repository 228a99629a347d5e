import { resolve } from 'node:path';
import { formatDate } from '../../../shared/dates';
import { printable } from '../../../shared/printable';
import { onWhichToken } from '../../../shared/token-words';
import { plainMessage } from '../../core/errors';
import { addTokenKey } from '../../core/formats/code-signing-tokens';
import { Keystore } from '../../core/keystore/keystore';
import { keystoreDir } from '../../core/keystore/location';
import { managedTokenModule } from '../../core/policy/token-module';
import { CliExit } from '../cli-error';

export interface AddTokenFlags {
  module?: string;
  slot?: string;
  label?: string;
  name?: string;
}

/**
 * `signet key add-token`: remembers a code-signing certificate on a hardware token in the keystore.
 * Nothing secret is stored and no PIN is asked: the PIN is asked each time the key signs.
 */
export async function addTokenCommand(flags: AddTokenFlags): Promise<number> {
  const managed = await managedTokenModule();
  // --label names the certificate's label on the token (CKA_LABEL).
  const objectLabel = flags.label;
  if (flags.module === undefined && managed === undefined) {
    throw new CliExit(
      2,
      'Name the token’s PKCS#11 module library with --module, for example --module /usr/lib/x86_64-linux-gnu/opensc-pkcs11.so.',
    );
  }
  let info: Awaited<ReturnType<typeof addTokenKey>>;
  try {
    info = await addTokenKey(
      new Keystore(keystoreDir()),
      {
        ...(flags.module !== undefined ? { module: resolve(flags.module) } : {}),
        ...(flags.slot !== undefined ? { slot: flags.slot } : {}),
        ...(objectLabel !== undefined ? { objectLabel } : {}),
        ...(flags.name !== undefined ? { name: flags.name } : {}),
      },
      managed,
    );
  } catch (error) {
    throw new CliExit(2, plainMessage(error));
  }
  const lines = [
    `Added "${printable(info.name)}" (${info.keyId}), a code-signing certificate ${onWhichToken(info)}:`,
    `  ${printable(info.label ?? '')}`,
    `  thumbprint ${info.fingerprint ?? ''}`,
    ...(info.expiresAt ? [`  expires ${formatDate(info.expiresAt)}`] : []),
    'Its PIN is asked each time it signs; Signet never stores it.',
    `Sign with: signet sign --key ${info.keyId} FILE.exe`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
