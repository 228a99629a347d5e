import type { Key } from 'openpgp';
import { formatDate } from '../../../../shared/dates';
import type { StoredEntry } from '../../trust/trust-entry';
import { armorCertificate, readCertificates } from './certificate';
import { looksLikeOpenPgpKey } from './certificate-text';
import { FULL_LIBRARY_CONFIG } from './library-config';

type OpenPgpEntry = Extract<StoredEntry, { kind: 'openpgp' }>;

/**
 * What `input` (a newer copy of trusted certificates, or a revocation certificate) changes in the
 * trusted OpenPGP entries among `entries`: one change per entry it is about. undefined when it is
 * about none of them, or holds a certificate none of them is (then it is a key to add).
 */
export async function certificateUpdates(
  entries: readonly StoredEntry[],
  input: { keyText: string; keyBytes?: Uint8Array },
): Promise<Map<StoredEntry, CertificateChange> | undefined> {
  if (!looksLikeOpenPgpKey(input.keyBytes ?? new TextEncoder().encode(input.keyText))) return undefined;
  const stored = entries.filter((s): s is OpenPgpEntry => s.kind === 'openpgp');
  if (stored.length === 0) return undefined;
  const changes = new Map<StoredEntry, CertificateChange>();
  const keys = await readCertificates(input.keyBytes ?? input.keyText).catch(() => undefined);
  if (keys) {
    for (const key of keys) {
      const entry = stored.find((s) => s.fingerprint === key.getFingerprint().toUpperCase());
      if (!entry) return undefined;
      changes.set(entry, await mergeCertificate(entry.certificate, key));
    }
  } else {
    for (const entry of stored) {
      const change = await applyRevocation(entry.certificate, input.keyText);
      if (change) changes.set(entry, change);
    }
  }
  return changes.size > 0 ? changes : undefined;
}

/**
 * An expired OpenPGP certificate verifies nothing new: refused with a reason, in the CLI as in
 * the app, instead of being trusted quietly. Returns the sentence, or undefined.
 */
export async function expiredCertificate(input: {
  keyText: string;
  keyBytes?: Uint8Array;
}): Promise<string | undefined> {
  if (!looksLikeOpenPgpKey(input.keyBytes ?? new TextEncoder().encode(input.keyText))) return undefined;
  const keys = await readCertificates(input.keyBytes ?? input.keyText).catch(() => []);
  for (const key of keys) {
    const expires = await key.getExpirationTime().catch(() => null);
    if (expires instanceof Date && expires.getTime() <= Date.now()) {
      return `This OpenPGP key expired on ${formatDate(expires)}, so nothing it signs now can be trusted. Ask the publisher for their current key. Nothing was added.`;
    }
  }
  return undefined;
}

/** What a certificate (or a revocation) given for a trusted OpenPGP key changed in it. */
export interface CertificateChange {
  /** The merged certificate, armored, to store in place of the old one. */
  certificate: string;
  /** The stored certificate was not revoked, and now is. */
  nowRevoked: boolean;
  /** Anything changed at all (a copy with nothing new changes nothing). */
  changed: boolean;
}

/**
 * Merges `update` into `stored` (same primary key): revocations, new subkeys and their bindings,
 * newer self-signatures (a changed expiry). openpgp.js keeps only what the primary key itself
 * signed, so nobody but the key's owner can add to it this way.
 */
async function mergeCertificate(stored: string, update: Key): Promise<CertificateChange> {
  const [old] = await readCertificates(stored);
  if (!old) throw new Error('stored certificate unreadable');
  const merged = await old.update(update, new Date(), FULL_LIBRARY_CONFIG);
  return changeOf(old, merged);
}

/**
 * A bare revocation certificate (`gpg --gen-revoke`): one key-revocation signature, applied to
 * `stored` only when its primary key made it. undefined when it is not for this key.
 */
async function applyRevocation(stored: string, revocation: string): Promise<CertificateChange | undefined> {
  const [old] = await readCertificates(stored);
  if (!old) return undefined;
  try {
    // On every Key in openpgp.js, though its types list it for private keys only.
    const withRevocation = old as Key & {
      applyRevocationCertificate(text: string, date: Date, config: typeof FULL_LIBRARY_CONFIG): Promise<Key>;
    };
    const revoked = await withRevocation.applyRevocationCertificate(
      revocation,
      new Date(),
      FULL_LIBRARY_CONFIG,
    );
    return await changeOf(old, revoked);
  } catch {
    return undefined;
  }
}

async function changeOf(old: Key, merged: Key): Promise<CertificateChange> {
  const certificate = armorCertificate(merged);
  const wasRevoked = await isRevoked(old);
  return {
    certificate,
    nowRevoked: !wasRevoked && (await isRevoked(merged)),
    changed: certificate !== armorCertificate(old),
  };
}

async function isRevoked(key: Key): Promise<boolean> {
  return key.isRevoked(undefined, undefined, new Date(), FULL_LIBRARY_CONFIG).catch(() => false);
}
