/**
 * A newer copy of a trusted OpenPGP certificate, or its revocation, merged into the stored one; and
 * whether a certificate has expired: the one door into the OpenPGP folder for the trust list.
 */
export { certificateUpdates, expiredCertificate } from './openpgp/certificate-update';
