import type { ContentFacts } from '../../electron/core/formats/format-module';
import { primaryFingerprint, readCertificatesCached } from '../../electron/core/formats/openpgp/certificate';
import { signingCandidates } from '../../electron/core/formats/openpgp/key-validity';
import type { OpenPgpParsed } from '../../electron/core/formats/openpgp/parse-signature';
import { contentNeedOf } from '../../electron/core/formats/openpgp/suffix';
import { digestBytesWithSuffixes } from '../../electron/core/formats/openpgp/suffixed-digest';
import type { OpenPgpTrustEntry } from '../../electron/core/formats/openpgp/trust-entry';
import { verifyDigest } from '../../electron/core/formats/openpgp/verify-digest';

/**
 * Whether a key of this certificate made one of the signatures, over the same digests the module
 * checks, whatever the key's validity: the maths alone, for tests that separate it from the rules.
 */
export async function certificateMadeSignature(
  parsed: OpenPgpParsed,
  content: ContentFacts,
  entry: OpenPgpTrustEntry,
): Promise<boolean> {
  const needs = parsed.signatures.map(contentNeedOf);
  const present = needs.filter((need) => need !== undefined);
  const made = parsed.signedBytes ? digestBytesWithSuffixes(parsed.signedBytes, present) : content.suffixed;
  let next = 0;
  const digests = needs.map((need) => (need ? made[next++] : undefined));
  const certs = (await readCertificatesCached(entry.certificate)).filter(
    (cert) => primaryFingerprint(cert) === entry.fingerprint,
  );
  for (const [i, sig] of parsed.signatures.entries()) {
    const digest = digests[i];
    if (!digest) continue;
    for (const cert of certs) {
      for (const signing of signingCandidates(cert, sig)) {
        if (await verifyDigest(sig.packet, signing.packet, digest)) return true;
      }
    }
  }
  return false;
}
