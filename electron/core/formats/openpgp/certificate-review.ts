import { readCertificates } from './certificate';
import { FULL_LIBRARY_CONFIG } from './library-config';
import { summariseCertificate } from './trust-entry';

/** What main's confirmation says about an OpenPGP certificate before it is trusted. */
export interface CertificateReview {
  /** The key's own claims ("The key says"). */
  userIds: string[];
  /** ISO time the key expires; absent when it does not. */
  expires?: string;
  /** Its owner withdrew it: it verifies nothing new. */
  revoked: boolean;
}

/** Reads the certificate's claims, expiry and revocation, with every revocation reason counted. */
export async function reviewCertificate(certificate: string): Promise<CertificateReview> {
  const [key] = await readCertificates(certificate);
  if (!key) return { userIds: [], revoked: false };
  const summary = await summariseCertificate(key);
  const revoked = await key
    .isRevoked(undefined, undefined, new Date(), FULL_LIBRARY_CONFIG)
    .catch(() => false);
  return { userIds: summary.userIds, ...(summary.expires ? { expires: summary.expires } : {}), revoked };
}
