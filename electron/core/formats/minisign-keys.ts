/**
 * minisign secret keys as the keystore, the CLI's keygen and signing use them: the door into the
 * minisign folder for code outside `formats/` that handles secrets (public keys and key ids:
 * minisign-public-keys.ts).
 */
export type { KdfLimits } from './minisign/kdf';
export {
  formatMinisignSecretKey,
  generateMinisignKeyPair,
  isEncryptedMinisignSecretKey,
  type MinisignSecretKey,
  parseAndDecryptMinisignSecretKey,
} from './minisign/secret-key';
