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
  const { allowedModule } = await import('./authenticode/token-stored-key');
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
  const { allowedModule } = await import('./authenticode/token-stored-key');
  const { tokenCertificates } = await import('./authenticode/token-record');
  return tokenCertificates(allowedModule(module, managedModule));
}

/**
 * The key of a token record for one signing job, logged in with `pin` (asked by the caller: the
 * CLI's prompt or main's passphrase window, never stored). Everything is checked before it
 * returns: the token is there, holds the certificate added, which is for code signing and valid
 * `now`, and its key matches. The caller closes it when the job ends. (Signing jobs reach the same
 * code through Authenticode's openStoredKey.)
 */
export async function openTokenSigningKey(
  keystore: Pick<Keystore, 'readKeyFile'>,
  id: string,
  pin: string,
  options: { now?: Date; managedModule?: string } = {},
): Promise<CodeSigningKey> {
  const { openStoredTokenKey } = await import('./authenticode/token-stored-key');
  return openStoredTokenKey(await keystore.readKeyFile(id), pin, options);
}
