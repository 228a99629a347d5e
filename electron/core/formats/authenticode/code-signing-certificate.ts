import { X509Certificate } from 'node:crypto';
import { formatDate } from '../../../../shared/dates';
import { FormatError, SignetError } from '../../errors';
import { OID } from './oids';

/**
 * Refuses, before anything is written, a certificate Windows would not accept for code signing:
 * one without the code-signing usage, or one not valid at `now`. The same rule for a key from a
 * certificate file and one on a token.
 */
export function checkCodeSigningCertificate(
  leafDer: Uint8Array,
  now: Date,
  nothingDone = 'Nothing was signed.',
): X509Certificate {
  const leaf = certificateOf(leafDer);
  const usages = leaf.keyUsage ?? [];
  if (!usages.includes(OID.ekuCodeSigning)) {
    throw new SignetError(
      'usage',
      `This certificate is not for code signing (it lacks the code-signing usage), so Windows would not accept what it signs. ${nothingDone}`,
    );
  }
  const from = new Date(leaf.validFrom);
  const to = new Date(leaf.validTo);
  if (now < from) {
    throw new SignetError('usage', `This certificate is not valid until ${formatDate(from)}. ${nothingDone}`);
  }
  if (now > to) {
    throw new SignetError('usage', `This certificate expired on ${formatDate(to)}. ${nothingDone}`);
  }
  return leaf;
}

export function certificateOf(der: Uint8Array): X509Certificate {
  try {
    return new X509Certificate(der);
  } catch {
    throw new FormatError('A certificate in the file is damaged.');
  }
}

/**
 * The signing certificate and its issuers in order, from certificates in any order: the leaf, then
 * each issuer found among the rest, up to a self-signed root or the last one known.
 */
export function orderChain(leaf: X509Certificate, others: readonly X509Certificate[]): X509Certificate[] {
  const chain = [leaf];
  const left = others.filter((c) => c.fingerprint256 !== leaf.fingerprint256);
  let current = leaf;
  while (current.subject !== current.issuer || !current.checkIssued(current)) {
    const issuer = left.find((c) => current.checkIssued(c) && current.verify(c.publicKey));
    if (!issuer) break;
    chain.push(issuer);
    left.splice(left.indexOf(issuer), 1);
    current = issuer;
  }
  return chain;
}
