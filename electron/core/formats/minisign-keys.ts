/**
 * minisign keys as the keystore, the CLI's keygen, signing and the release kit use them: the one
 * door into the minisign folder for code outside `formats/`.
 */
export type { KdfLimits } from './minisign/kdf';
export { isKeyId, keyIdFromKeyNum, keyNumFromKeyId } from './minisign/key-id';
export { formatMinisignPublicKey, parseMinisignPublicKey, publicKeyBase64 } from './minisign/public-key';
export {
  formatMinisignSecretKey,
  generateMinisignKeyPair,
  isEncryptedMinisignSecretKey,
  type MinisignSecretKey,
  parseAndDecryptMinisignSecretKey,
} from './minisign/secret-key';
