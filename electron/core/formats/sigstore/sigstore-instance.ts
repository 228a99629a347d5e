import type { Bundle } from '@sigstore/bundle';
import { X509Certificate } from '@sigstore/core';
import type { TrustedRoot } from '@sigstore/protobuf-specs';
import { leafCertificateBytes } from './leaf-certificate';
import { entriesNameTrustedLogs } from './proof-consistency';

/**
 * Whether a bundle was made through another Sigstore service than the trusted root in use (the
 * staging instance, a private one): its log entries name logs the root does not list, or its
 * signing certificate was issued by a certificate authority the root does not list. Such a
 * signature is not a changed file: it is one made where Signet was not told to look.
 */
export function madeOnAnotherInstance(bundle: Bundle, root: TrustedRoot): boolean {
  if (!entriesNameTrustedLogs(bundle.verificationMaterial.tlogEntries, root)) return true;
  const leaf = leafCertificate(bundle);
  return leaf !== undefined && !issuedByRootAuthority(leaf, root);
}

function leafCertificate(bundle: Bundle): X509Certificate | undefined {
  const raw = leafCertificateBytes(bundle);
  if (!raw) return undefined;
  try {
    return X509Certificate.parse(Buffer.from(raw));
  } catch {
    return undefined;
  }
}

/**
 * The issuer is known when a root certificate authority has the leaf's issuer name and, where both
 * carry key identifiers, the same key: staging and production Fulcio share their names.
 */
function issuedByRootAuthority(leaf: X509Certificate, root: TrustedRoot): boolean {
  let authorityKey: Buffer | undefined;
  try {
    authorityKey = leaf.extAuthorityKeyID?.keyIdentifier;
  } catch {
    authorityKey = undefined;
  }
  return root.certificateAuthorities.some((authority) =>
    (authority.certChain?.certificates ?? []).some((c) => {
      try {
        const ca = X509Certificate.parse(Buffer.from(c.rawBytes));
        if (!ca.subject.equals(leaf.issuer)) return false;
        const subjectKey = ca.extSubjectKeyID?.keyIdentifier;
        return !authorityKey || !subjectKey || authorityKey.equals(subjectKey);
      } catch {
        return false;
      }
    }),
  );
}
