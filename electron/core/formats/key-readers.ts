import type { CertificateReview } from './openpgp/certificate-review';
import type { OpenPgpEntryMeta } from './openpgp/trust-entry';
import type { OpenPgpTrustEntry } from './openpgp/trust-entry-schema';

/**
 * The readers `trust/` and main use for key text people paste or pick: the one door into the format
 * folders for it, so nothing outside `formats/` reaches a format's own files.
 */
export { givenKeyName } from './common/reasons';
export { parseMinisignPublicKey } from './minisign/public-key';
export { looksLikeOpenPgpKey } from './openpgp/certificate-text';
export { type AllowedSigner, parseAllowedSignersFile } from './sshsig/allowed-signers';
/** The kind an allowed_signers file's entries are, and which entries it replaces for one check. */
export { sshFacts as allowedSignersFacts } from './sshsig/descriptor';
export { sshFingerprint } from './sshsig/fingerprint';
export { parseSshPublicKeyLine } from './sshsig/public-key-line';

/** Trust entries for each certificate in an OpenPGP input; openpgp.js loads only when one is read. */
export async function openPgpTrustEntries(
  input: string | Uint8Array,
  meta: Omit<OpenPgpEntryMeta, 'name'> & { name: string | ((fingerprint: string) => string) },
): Promise<OpenPgpTrustEntry[]> {
  return (await import('./openpgp/trust-entry')).openPgpTrustEntries(input, meta);
}

/** An OpenPGP certificate's claims, expiry and revocation, for a confirmation; openpgp.js loads only now. */
export async function reviewOpenPgpCertificate(certificate: string): Promise<CertificateReview> {
  return (await import('./openpgp/certificate-review')).reviewCertificate(certificate);
}
