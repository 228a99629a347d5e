import type { Key } from 'openpgp';
import { FormatError } from '../../errors';
import type { EntryBase } from '../common/trust-entry-base';
import { armorCertificate, claimedUserIds, primaryFingerprint, readCertificates } from './certificate';

import { type OpenPgpTrustEntry, openPgpTrustEntrySchema } from './trust-entry-schema';

export { type OpenPgpTrustEntry, openPgpTrustEntrySchema };

export interface CertificateSummary {
  fingerprint: string;
  /** The key's own claims, shown as "The key says". */
  userIds: string[];
  /** ISO time, or undefined when the key does not expire (or its expiry cannot be read). */
  expires?: string;
}

export async function summariseCertificate(key: Key): Promise<CertificateSummary> {
  let expires: string | undefined;
  try {
    const at = await key.getExpirationTime();
    if (at instanceof Date) expires = at.toISOString();
  } catch {
    // A key without a valid self-signature has no expiry to show; verification refuses it anyway.
  }
  return {
    fingerprint: primaryFingerprint(key),
    userIds: claimedUserIds(key),
    ...(expires ? { expires } : {}),
  };
}

export interface OpenPgpEntryMeta {
  name: string;
  source: EntryBase['source'];
  addedAt: string;
  addedFrom?: string;
  note?: string;
}

/**
 * Trust entries from certificate text or bytes (`trust add`, `--pubkey`, the app's Trusted
 * signers): one per certificate in the input, each storing only its own certificate, armored.
 * `name` may be a function of the fingerprint (a key given for one check is named after it).
 */
export async function openPgpTrustEntries(
  input: string | Uint8Array,
  meta: Omit<OpenPgpEntryMeta, 'name'> & { name: string | ((fingerprint: string) => string) },
): Promise<OpenPgpTrustEntry[]> {
  const keys = await readCertificates(input);
  return keys.map((key) => {
    const fingerprint = primaryFingerprint(key);
    const { source, name, ...stored } = meta;
    const parsed = openPgpTrustEntrySchema.safeParse({
      kind: 'openpgp',
      keyId: fingerprint,
      fingerprint,
      certificate: armorCertificate(key),
      ...stored,
      name: typeof name === 'function' ? name(fingerprint) : name,
    });
    if (!parsed.success)
      throw new FormatError('The OpenPGP key cannot be added: its name or details are not valid.');
    return { ...parsed.data, source };
  });
}
