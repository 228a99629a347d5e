/**
 * The door to Sigstore signing with a managed key (cosign's `--key`): the CLI's `sign
 * --sigstore-key` and, once the keystore holds P-256 keys, the app reach it here.
 */
export { recheckManagedKeyBundle } from './sigstore/managed-key-recheck';
export { signWithManagedKey } from './sigstore/managed-key-sign';
