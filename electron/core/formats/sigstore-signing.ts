/**
 * Keyless Sigstore signing: the one door into the Sigstore folder for it (the CLI and main load it
 * only when a person signs this way, so its libraries never weigh on a check).
 */
import type { FormatId } from './format-module';

export type { KeylessSession } from './sigstore/keyless-session';
export {
  type ConsentWords,
  type GivenFile,
  type KeylessInstance,
  keylessInstance,
  keylessJobKey,
  keylessSignIn,
} from './sigstore/keyless-sign-in';
export { browserLogin } from './sigstore/oidc-login';
export { BUNDLE_SUFFIX } from './sigstore/signing';

/** The format a keyless signing job writes (bundles beside the files). */
export const KEYLESS_FORMAT: FormatId = 'sigstore';
