import type { SigstoreSettings } from '../trust/trust-file';
import { type PolicyLocations, policyLocations } from './locations';
import { readManagedPolicy } from './managed-policy';

/**
 * What the organisation's policy decides for signing, for the signing code (Authenticode's
 * timestamp, Sigstore's instance and trusted root, the token library). A setting the policy makes
 * is not the person's to change: the CLI and the app use it in place of their own choice, and say
 * so. Read afresh at each call, so a changed policy applies to the next signing.
 */
export interface ManagedSigningSettings {
  /** The RFC 3161 timestamp authority to use. */
  timestampUrl?: string;
  /** The Sigstore instance: signing configuration, pinned trusted root, and whether it may be refreshed. */
  sigstore?: SigstoreSettings;
  /** The only PKCS#11 module that may be loaded. */
  pkcs11Module?: string;
}

/**
 * The signing settings of the policy in force. Throws a SignetError when the policy is there but
 * cannot be read: signing then stops, as checking does, rather than use settings the organisation
 * may have forbidden.
 */
export async function managedSigningSettings(
  locations: PolicyLocations = policyLocations(),
): Promise<ManagedSigningSettings> {
  const { file } = await readManagedPolicy(locations);
  return {
    ...(file.timestampUrl !== undefined ? { timestampUrl: file.timestampUrl } : {}),
    ...(file.sigstore !== undefined ? { sigstore: file.sigstore } : {}),
    ...(file.pkcs11Module !== undefined ? { pkcs11Module: file.pkcs11Module } : {}),
  };
}
