import type { KeyInfo } from '../../../../shared/domain';
import { printable } from '../../../../shared/printable';
import { SignetError } from '../../errors';
import type { CodeSigningKey } from './code-signing-key';
import { openTokenKey } from './token-key';
import { parseTokenPointer } from './token-pointer';

/**
 * The module library to load: the one named (by the person, or by the record), checked against the
 * one the organisation's policy allows (its pkcs11Module); the policy's when none is named.
 */
export function allowedModule(module: string | undefined, managedModule: string | undefined): string {
  if (managedModule !== undefined && module !== undefined && module !== managedModule) {
    throw new SignetError(
      'usage',
      `Your organisation allows hardware tokens only through ${printable(managedModule)}, not ${printable(module)}.`,
    );
  }
  const chosen = module ?? managedModule;
  if (chosen === undefined) {
    throw new SignetError(
      'usage',
      'Name the token’s PKCS#11 module library (the token maker’s .so, .dylib or .dll file).',
    );
  }
  return chosen;
}

/** A token record from the keystore opened for one job with `pin` (see openTokenKey for the checks). */
export function openStoredTokenKey(
  stored: { info: KeyInfo; keyFile: Uint8Array },
  pin: string,
  options: { now?: Date; managedModule?: string } = {},
): Promise<CodeSigningKey> {
  const { info, keyFile } = stored;
  if (info.location !== 'token' || !info.fingerprint) {
    throw new SignetError('usage', `"${info.name}" is not a key on a hardware token.`);
  }
  const pointer = parseTokenPointer(keyFile);
  allowedModule(pointer.module, options.managedModule);
  return openTokenKey(
    { pointer, fingerprint: info.fingerprint, name: info.name },
    pin,
    options.now ?? new Date(),
  );
}
