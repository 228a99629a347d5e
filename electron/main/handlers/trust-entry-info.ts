import { X509Certificate } from 'node:crypto';
import type {
  TrustedOpenPgpInfo,
  TrustedPublisherInfo,
  TrustedSignerInfo,
} from '../../../shared/ipc/contract';
import { commonNameOf } from '../../core/formats/authenticode/chain';
import type { TrustedEntry } from '../../core/trust/trust-store';

/**
 * Only the fields the contract names cross to the renderer, per kind: what a card shows, never a
 * whole certificate (an OpenPGP certificate can run to a megabyte; the card needs its summary).
 */
export async function toSignerInfo(entry: TrustedEntry): Promise<TrustedSignerInfo> {
  const common = {
    keyId: entry.keyId,
    name: entry.name,
    ...(entry.note === undefined ? {} : { note: entry.note }),
    source: entry.source,
    addedAt: entry.addedAt,
    ...(entry.addedFrom === undefined ? {} : { addedFrom: entry.addedFrom }),
  };
  switch (entry.kind) {
    case 'minisign':
    case 'ssh':
      return { ...common, kind: entry.kind, publicKey: entry.publicKey };
    case 'openpgp':
      return { ...common, ...(await openPgpSummary(entry.certificate, entry.fingerprint)) };
    case 'sigstore':
      return { ...common, kind: 'sigstore', identity: entry.identity, issuer: entry.issuer };
    case 'x509':
      return {
        ...common,
        kind: 'x509',
        ...(entry.thumbprintSha256 ? { thumbprintSha256: entry.thumbprintSha256 } : {}),
        ...(entry.subject ? { subject: entry.subject } : {}),
        ...(entry.rootSha256 ? { rootSha256: entry.rootSha256 } : {}),
        ...certificateSummary(entry.certificate),
      };
  }
}

async function openPgpSummary(
  certificate: string,
  fingerprint: string,
): Promise<Pick<TrustedOpenPgpInfo, 'kind' | 'fingerprint' | 'userIds' | 'expires' | 'subkeys'>> {
  // openpgp.js is loaded only when a certificate is shown, as verification loads it.
  const [{ readCertificatesCached }, { summariseCertificate }] = await Promise.all([
    import('../../core/formats/openpgp/certificate'),
    import('../../core/formats/openpgp/trust-entry'),
  ]);
  try {
    const [key] = await readCertificatesCached(certificate);
    if (!key) throw new Error('no key');
    const summary = await summariseCertificate(key);
    return {
      kind: 'openpgp',
      fingerprint,
      userIds: summary.userIds,
      ...(summary.expires ? { expires: summary.expires } : {}),
      subkeys: key.getSubkeys().length,
    };
  } catch {
    // A stored certificate that no longer reads still shows by its fingerprint; verification refuses it.
    return { kind: 'openpgp', fingerprint, userIds: [], subkeys: 0 };
  }
}

/** What a pinned certificate says: the publisher (organisation, else common name), its issuer, validity. */
export function certificateSummary(pem: string | undefined): Pick<TrustedPublisherInfo, 'certificate'> {
  if (!pem) return {};
  try {
    const cert = new X509Certificate(pem);
    return {
      certificate: {
        publisher: publisherNameOf(cert.subject),
        issuer: commonNameOf(cert.issuer),
        validFrom: new Date(cert.validFrom).toISOString(),
        validTo: new Date(cert.validTo).toISOString(),
      },
    };
  } catch {
    return {};
  }
}

/** Organisation, else common name: who a person would say publishes the software. */
export function publisherNameOf(subject: string): string {
  const field = (key: string) =>
    subject
      .split('\n')
      .find((line) => line.startsWith(`${key}=`))
      ?.slice(key.length + 1);
  return field('O') ?? field('CN') ?? subject.replace(/\n/g, ', ');
}
