import { generateKey } from 'openpgp';
import { SignetError } from '../../errors';
import { formatKeyFile, type OpenPgpKeyRecord, recordOf, WRITE_CONFIG } from './key-material';

export interface NewOpenPgpKey {
  name: string;
  email: string;
  passphrase: string;
  /** RSA 4096 for projects whose policy asks for RSA; Ed25519 otherwise. */
  rsa?: boolean;
  /** Seconds from now; default two years. 0 for a key that never expires. */
  expiresInSeconds?: number;
  now?: Date;
}

/** Two years, as `gpg --quick-gen-key` offers and the card's "Extend by 2 years" adds. */
export const TWO_YEARS_SECONDS = 2 * 365 * 86400;

/**
 * A new v4 key whose primary both certifies and signs (Ed25519 "legacy" EdDSA, which GnuPG 2.2
 * and 2.4 read; v6 keys are not read by the gpg most distributions ship), with one User ID, an
 * expiry and a revocation certificate made at once, as gpg does. The secret key is encrypted with
 * the person's passphrase (iterated and salted S2K, AES-256) before it leaves this function.
 */
export async function createOpenPgpKey(
  input: NewOpenPgpKey,
): Promise<{ record: OpenPgpKeyRecord; keyFile: string; revocation: string }> {
  const name = input.name.trim();
  const email = input.email.trim();
  if (name === '' || /[<>\p{Cc}]/u.test(name)) {
    throw new SignetError('usage', 'Give the key a name without "<", ">" or control characters.');
  }
  if (!/^[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+$/.test(email)) {
    throw new SignetError('usage', `"${email}" does not look like an email address.`);
  }
  if (input.passphrase === '') {
    throw new SignetError('usage', 'Choose a passphrase: Signet never stores a secret key without one.');
  }
  const common = {
    userIDs: [{ name, email }],
    passphrase: input.passphrase,
    keyExpirationTime: input.expiresInSeconds ?? TWO_YEARS_SECONDS,
    subkeys: [],
    date: input.now ?? new Date(),
    format: 'object' as const,
    config: WRITE_CONFIG,
  };
  const made = input.rsa
    ? await generateKey({ ...common, type: 'rsa', rsaBits: 4096 })
    : await generateKey({ ...common, type: 'ecc', curve: 'ed25519Legacy' });
  const record = await recordOf(made.privateKey);
  return {
    record,
    keyFile: formatKeyFile(made.privateKey.armor(WRITE_CONFIG), made.revocationCertificate),
    revocation: made.revocationCertificate,
  };
}
