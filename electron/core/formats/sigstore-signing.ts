/**
 * Keyless Sigstore signing: the one door into the Sigstore folder for it (the CLI and main load it
 * only when a person signs this way, so its libraries never weigh on a check).
 */

export { KEYLESS_FORMAT } from './keyless-format';
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
