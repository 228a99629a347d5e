import { printable } from '../../../shared/printable';
import { SignetError } from '../errors';
import type { KeyInfo, Keystore } from '../keystore/keystore';
import type { CodeSigningKey } from './authenticode/code-signing-key';
import type { AddTokenOptions, TokenCertificateChoice } from './authenticode/token-record';

export type { AddTokenOptions, TokenCertificateChoice };

/**
 * Door to code-signing keys on PKCS#11 tokens for the CLI and main: remembering one in the keystore
 * and opening it for a signing job. The token code and its native binding load only when a token is
 * used. `managedModule` is the module library the organisation's policy allows (its pkcs11Module
 * setting): when set, it is the only one loaded.
 */
export async function addTokenKey(
  keystore: Pick<Keystore, 'add'>,
  options: Omit<AddTokenOptions, 'module'> & { module?: string },
  managedModule?: string,
): Promise<KeyInfo> {
  const { tokenKeyRecord } = await import('./authenticode/token-record');
  return keystore.add(
    await tokenKeyRecord({ ...options, module: allowedModule(options.module, managedModule) }),
  );
}

/** The code-signing certificates on the tokens a module reaches, to choose one to add. */
export async function listTokenCertificates(
  module: string | undefined,
  managedModule?: string,
): Promise<TokenCertificateChoice[]> {
  const { tokenCertificates } = await import('./authenticode/token-record');
  return tokenCertificates(allowedModule(module, managedModule));
}

/**
 * The key of a token record for one signing job, logged in with `pin` (asked by the caller: the
 * CLI's prompt or main's passphrase window, never stored). Everything is checked before it
 * returns: the token is there, holds the certificate added, which is for code signing and valid
 * `now`, and its key matches. The caller closes it when the job ends.
 */
export async function openTokenSigningKey(
  keystore: Pick<Keystore, 'readKeyFile'>,
  id: string,
  pin: string,
  options: { now?: Date; managedModule?: string } = {},
): Promise<CodeSigningKey> {
  const { info, keyFile } = await keystore.readKeyFile(id);
  if (!isTokenKey(info) || !info.fingerprint) {
    throw new SignetError('usage', `"${info.name}" is not a key on a hardware token.`);
  }
  const { parseTokenPointer } = await import('./authenticode/token-pointer');
  const pointer = parseTokenPointer(keyFile);
  allowedModule(pointer.module, options.managedModule);
  const { openTokenKey } = await import('./authenticode/token-key');
  return openTokenKey(
    { pointer, fingerprint: info.fingerprint, name: info.name },
    pin,
    options.now ?? new Date(),
  );
}

/** Whether a keystore record's private key is on a token (its PIN is asked, not a passphrase). */
function isTokenKey(info: KeyInfo): boolean {
  return info.location === 'token';
}

function allowedModule(module: string | undefined, managedModule: string | undefined): string {
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
