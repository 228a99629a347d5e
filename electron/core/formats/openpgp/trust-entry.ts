import type { Key } from 'openpgp';
import { FormatError } from '../../errors';
import type { EntryBase } from '../common/trust-entry-base';
import {
  armorCertificate,
  certificateBinary,
  claimedUserIds,
  primaryFingerprint,
  readCertificates,
} from './certificate';
import { remember } from './certificate-names';
import { armorPublicKey, type IndexedCertificate, indexKeyring } from './keyring-index';

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
  const binary = certificateBinary(input);
  const indexed = indexKeyring(binary);
  if (indexed.length > PARSE_ALL_UP_TO && indexed.every((c) => c.fingerprint !== undefined)) {
    return indexed.map((cert) => keyringEntry(cert, meta));
  }
  const keys = await readCertificates(binary);
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

/**
 * A developer keyring (a distribution's, about a thousand certificates) is split by packet headers:
 * parsing each with openpgp.js would take seconds and hundreds of MB. Each certificate is parsed
 * when a signature names one of its keys, and a damaged one is skipped then.
 */
const PARSE_ALL_UP_TO = 16;

function keyringEntry(
  cert: IndexedCertificate,
  meta: Omit<OpenPgpEntryMeta, 'name'> & { name: string | ((fingerprint: string) => string) },
): OpenPgpTrustEntry {
  const fingerprint = cert.fingerprint as string;
  const certificate = armorPublicKey(cert.bytes);
  remember(certificate, cert.names);
  const { source, name, ...stored } = meta;
  const parsed = openPgpTrustEntrySchema.safeParse({
    kind: 'openpgp',
    keyId: fingerprint,
    fingerprint,
    certificate,
    ...stored,
    name: typeof name === 'function' ? name(fingerprint) : name,
  });
  if (!parsed.success)
    throw new FormatError('The OpenPGP key cannot be added: its name or details are not valid.');
  return { ...parsed.data, source };
}
