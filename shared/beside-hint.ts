/**
 * Files a publisher puts beside a download that Signet does not read as signatures: a bare checksum
 * file, or a signature of a kind no module checks. Finding one is told, so "No signature found" never
 * hides what is there. The verdict's code says which kind was found; this sentence is the core-style
 * reason kept for experts and scripts.
 */
export const BESIDE_KINDS = [
  { suffix: '.sha256', kind: 'checksum' },
  { suffix: '.sha256sum', kind: 'checksum' },
  { suffix: '.sha512', kind: 'checksum' },
  { suffix: '.sha1', kind: 'checksum' },
  { suffix: '.md5', kind: 'checksum' },
  { suffix: '.p7s', kind: 'signature' },
  { suffix: '.p7m', kind: 'signature' },
  { suffix: '.cms', kind: 'signature' },
] as const;

export type BesideKind = (typeof BESIDE_KINDS)[number]['kind'];

const CHECKSUM_FOUND = 'a checksum, not a signature';
const SIGNATURE_FOUND = 'a kind of signature Signet cannot check yet';

export function besideSentence(name: string, kind: BesideKind): string {
  return kind === 'checksum'
    ? `Signet found ${name} beside it: ${CHECKSUM_FOUND}. It shows whether the download is complete, not who made it.`
    : `Signet found ${name} beside it: ${SIGNATURE_FOUND}.`;
}
