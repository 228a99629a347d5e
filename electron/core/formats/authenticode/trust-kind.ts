import { X509Certificate } from 'node:crypto';
import type { SignerFact } from '../../../../shared/trusted-signer';
import type { TrustKind } from '../trust-kind';
import { commonNameOf } from './common-name';
import type { StoredPublisher } from './publisher-entry';

/** A Windows publisher: pinned by thumbprint, or by subject plus the root its chain ends at. */
export const publisherTrustKind: TrustKind<StoredPublisher> = {
  kind: 'x509',
  kindWords: 'Publisher certificate',
  noun: 'certificate',
  meta: ['kind'],
  describe: async (entry) => publisherFacts(entry),
  removalFacts: (entry) =>
    entry.thumbprintSha256
      ? [{ fact: 'thumbprint-sha256', hex: entry.thumbprintSha256 }]
      : [{ fact: 'subject', text: entry.subject ?? '' }],
};

function publisherFacts(entry: StoredPublisher): SignerFact[] {
  const cert = certificateSummary(entry.certificate);
  return [
    ...(cert
      ? [
          { fact: 'certificate-names', text: cert.publisher } as const,
          { fact: 'issued-by', text: cert.issuer } as const,
        ]
      : []),
    ...(entry.thumbprintSha256 ? [{ fact: 'thumbprint-sha256', hex: entry.thumbprintSha256 } as const] : []),
    ...(entry.subject ? [{ fact: 'subject', text: entry.subject } as const] : []),
    ...(entry.rootSha256 ? [{ fact: 'root-sha256', hex: entry.rootSha256 } as const] : []),
    ...(cert ? [{ fact: 'valid', from: cert.validFrom, to: cert.validTo } as const] : []),
  ];
}

export interface CertificateSummary {
  publisher: string;
  issuer: string;
  validFrom: string;
  validTo: string;
}

/** What a pinned certificate says: the publisher (organisation, else common name), its issuer, validity. */
export function certificateSummary(pem: string | undefined): CertificateSummary | undefined {
  if (!pem) return undefined;
  try {
    const cert = new X509Certificate(pem);
    return {
      publisher: publisherNameOf(cert.subject),
      issuer: commonNameOf(cert.issuer),
      validFrom: new Date(cert.validFrom).toISOString(),
      validTo: new Date(cert.validTo).toISOString(),
    };
  } catch {
    return undefined;
  }
}

/** Organisation, else common name: who a person would say publishes the software. */
function publisherNameOf(subject: string): string {
  const field = (key: string) =>
    subject
      .split('\n')
      .find((line) => line.startsWith(`${key}=`))
      ?.slice(key.length + 1);
  return field('O') ?? field('CN') ?? subject.replace(/\n/g, ', ');
}
