/**
 * The door to OpenPGP keys for code outside the format's folder: making a key, judging and
 * opening a secret key someone imports. Signing with a stored key goes through the signing side.
 */
export { createOpenPgpKey, TWO_YEARS_SECONDS } from './openpgp/key-create';
export {
  looksLikeOpenPgpKey,
  openImportedKey,
  readOpenPgpSecretKey,
} from './openpgp/secret-key-import';
