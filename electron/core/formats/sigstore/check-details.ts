import type { SignedEntity } from '@sigstore/verify';
import type { SigstoreBundle } from './bundle-reader';
import type { CertificateIdentity } from './trust-entry';
import type { LoadedTrustedRoot } from './trusted-root';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The earliest time someone other than the signer vouched for: a log's integrated time or an
 * RFC 3161 time stamp. Only meaningful once the verifier has checked them.
 */
export function signedTimeOf(entity: SignedEntity): Date | undefined {
  const times: Date[] = [];
  for (const t of entity.timestamps) {
    if (t.$case === 'transparency-log') {
      times.push(new Date(Number(t.tlogEntry.integratedTime) * 1000));
    } else {
      times.push(t.timestamp.signingTime);
    }
  }
  const valid = times.filter((d) => !Number.isNaN(d.getTime()));
  if (valid.length === 0) return undefined;
  return new Date(Math.min(...valid.map((d) => d.getTime())));
}

/** Facts for the details panel: as the certificate and log state them, labelled as such. */
export function bundleDetails(
  parsed: SigstoreBundle,
  entity: SignedEntity,
  root: LoadedTrustedRoot,
  now: Date,
  stated: CertificateIdentity,
): { label: string; value: string }[] {
  const details: { label: string; value: string }[] = [];
  if (parsed.keyMaterial === 'certificate') {
    details.push({ label: 'Identity (as the certificate states it)', value: stated.identity ?? '(none)' });
    details.push({ label: 'OIDC issuer (as the certificate states it)', value: stated.issuer ?? '(none)' });
  }
  for (const entry of entity.tlogEntries) {
    details.push({ label: 'Transparency log index', value: entry.logIndex });
    if (entry.integratedTime && entry.integratedTime !== '0') {
      const at = new Date(Number(entry.integratedTime) * 1000);
      details.push({ label: 'Logged at', value: at.toISOString() });
    }
  }
  for (const t of entity.timestamps) {
    if (t.$case === 'timestamp-authority') {
      details.push({ label: 'Time stamp', value: t.timestamp.signingTime.toISOString() });
    }
  }
  const ageDays = Math.max(0, Math.floor((now.getTime() - root.newestKeyFrom.getTime()) / DAY_MS));
  details.push({ label: 'Trust root', value: root.source });
  details.push({
    label: 'Trust root age',
    value: `newest key from ${root.newestKeyFrom.toISOString().slice(0, 10)} (${ageDays} days before this check)`,
  });
  return details;
}
