import type { Bundle } from '@sigstore/bundle';
import { X509Certificate } from '@sigstore/core';
import { leafCertificateBytes } from './leaf-certificate';

const EXTENDED_KEY_USAGE = '2.5.29.37';
const CODE_SIGNING = '1.3.6.1.5.5.7.3.3';

/**
 * Fulcio issues signing certificates for code signing only (key usage digitalSignature, extended
 * key usage codeSigning). @sigstore/verify checks neither, so a certificate issued under the same
 * root for another purpose would otherwise sign artifacts. True for managed-key bundles (no
 * certificate); false when the certificate cannot be read.
 */
export function certificateIsForCodeSigning(bundle: Bundle): boolean {
  const material = bundle.verificationMaterial.content;
  const raw = leafCertificateBytes(bundle);
  if (material.$case === 'publicKey') return true;
  if (!raw) return false;
  try {
    const leaf = X509Certificate.parse(Buffer.from(raw));
    const purposes = leaf.extension(EXTENDED_KEY_USAGE)?.valueObj.subs[0]?.subs.map((s) => s.toOID()) ?? [];
    return leaf.extKeyUsage?.digitalSignature === true && purposes.includes(CODE_SIGNING);
  } catch {
    return false;
  }
}
