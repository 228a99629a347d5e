/**
 * minisign key ids and public keys as the trust list, the keystore's records and the release kit
 * use them. Apart from the secret-key door (minisign-keys.ts) so that reading a trust list or a
 * key record never loads the secret-key code, its KDF and its hashes.
 */
export { isKeyId, keyIdFromKeyNum, keyNumFromKeyId } from './minisign/key-id';
export { formatMinisignPublicKey, parseMinisignPublicKey, publicKeyBase64 } from './minisign/public-key';
