import { managedSigningSettings } from './signing-settings';

/**
 * The PKCS#11 module library the organisation's managed policy names (its pkcs11Module setting):
 * when set, the only one Signet loads, for the CLI and the app alike. A policy that cannot be read
 * throws, so no module is loaded rather than one the policy may forbid.
 */
export async function managedTokenModule(): Promise<string | undefined> {
  return (await managedSigningSettings()).pkcs11Module;
}
