import type { Key } from 'openpgp';
import { z } from 'zod';
import { FormatError } from '../../errors';
import { armorCertificate, claimedUserIds, primaryFingerprint, readCertificates } from './certificate';

/** A trusted OpenPGP signer: trusted by primary fingerprint, its name from the person, not the key. */
export const openPgpTrustEntrySchema = z.object({
  kind: z.literal('openpgp'),
  fingerprint: z.string().regex(/^(?:[0-9A-F]{40}|[0-9A-F]{64})$/),
  certificate: z
    .string()
    .max(1_000_000)
    .refine((s) => s.trimStart().startsWith('-----BEGIN PGP PUBLIC KEY BLOCK-----')),
  name: z.string().trim().min(1).max(200),
  source: z.enum(['user', 'managed']),
  addedAt: z.string().max(40),
  addedFrom: z.string().max(4096).optional(),
});

export type OpenPgpTrustEntry = z.infer<typeof openPgpTrustEntrySchema>;

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

/**
 * Trust entries from certificate text or bytes (`trust add`, `--pubkey`, the app's Trusted
 * signers): one per certificate in the input, each storing only its own certificate, armored.
 */
export async function openPgpTrustEntries(
  input: string | Uint8Array,
  meta: { name: string; source: 'user' | 'managed'; addedAt: string; addedFrom?: string },
): Promise<OpenPgpTrustEntry[]> {
  const keys = await readCertificates(input);
  return keys.map((key) => {
    const parsed = openPgpTrustEntrySchema.safeParse({
      kind: 'openpgp',
      fingerprint: primaryFingerprint(key),
      certificate: armorCertificate(key),
      ...meta,
    });
    if (!parsed.success)
      throw new FormatError('The OpenPGP key cannot be added: its name or details are not valid.');
    return parsed.data;
  });
}
