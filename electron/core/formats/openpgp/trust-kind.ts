import type { SignerFact } from '../../../../shared/trusted-signer';
import type { TrustKind } from '../trust-kind';
import { openpgpQuickFields } from './trust-entry-quick';
import type { OpenPgpTrustEntry } from './trust-entry-schema';

/** An OpenPGP certificate, trusted by its primary fingerprint; its card summarises the certificate. */
export const openpgpTrustKind: TrustKind<OpenPgpTrustEntry> = {
  kind: 'openpgp',
  kindWords: 'OpenPGP key',
  noun: 'key',
  meta: ['kind'],
  describe: certificateFacts,
  removalFacts: (entry) => [{ fact: 'fingerprint', hex: entry.fingerprint }],
  quickFields: openpgpQuickFields,
};

/**
 * The fingerprint, the key's own claims, its expiry and subkeys: a summary, never the whole
 * certificate (one can run to a megabyte).
 */
async function certificateFacts(entry: OpenPgpTrustEntry): Promise<SignerFact[]> {
  // openpgp.js is loaded only when a certificate is shown, as verification loads it.
  const [{ readCertificatesCached }, { summariseCertificate }] = await Promise.all([
    import('./certificate'),
    import('./trust-entry'),
  ]);
  const fingerprint: SignerFact = { fact: 'fingerprint', hex: entry.fingerprint };
  try {
    const [key] = await readCertificatesCached(entry.certificate);
    if (!key) throw new Error('no key');
    const summary = await summariseCertificate(key);
    const subkeys = key.getSubkeys().length;
    return [
      fingerprint,
      ...summary.userIds.map((text): SignerFact => ({ fact: 'key-says', text })),
      summary.expires ? { fact: 'expires', at: summary.expires } : { fact: 'expires' },
      ...(subkeys > 0 ? [{ fact: 'subkeys', count: subkeys } as const] : []),
    ];
  } catch {
    // A stored certificate that no longer reads still shows by its fingerprint; verification refuses it.
    return [fingerprint, { fact: 'expires' }];
  }
}
