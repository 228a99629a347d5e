import type { SignedEntity } from '@sigstore/verify';
import { printable } from '../../../../shared/printable';
import type { SigstoreFacts } from '../../../../shared/verdict-facts';
import type { SigstoreBundle } from './bundle-reader';
import type { CertificateIdentity } from './trust-entry';
import type { LoadedTrustedRoot } from './trusted-root';

const DAY_MS = 24 * 60 * 60 * 1000;
const UNLOGGED =
  'None: the signer did not record this signature in a public log; only the key vouches for it';

/**
 * The times someone other than the signer vouched for: a log's integrated time or an RFC 3161
 * time stamp. Only meaningful once the verifier has checked them.
 */
export function vouchedTimesOf(entity: SignedEntity): Date[] {
  const times = entity.timestamps.map((t) =>
    t.$case === 'transparency-log'
      ? new Date(Number(t.tlogEntry.integratedTime) * 1000)
      : t.timestamp.signingTime,
  );
  return times.filter((d) => !Number.isNaN(d.getTime()));
}

/** The earliest vouched-for time: when the signature is known to have existed. */
export function signedTimeOf(entity: SignedEntity): Date | undefined {
  const times = vouchedTimesOf(entity).map((d) => d.getTime());
  return times.length > 0 ? new Date(Math.min(...times)) : undefined;
}

/**
 * Text a certificate or attestation states, shown as it is with hidden characters escaped, very long
 * values cut; the fallback when there is none. The issuer vouched for it; the shape is still theirs.
 */
export function statedText(value: string | undefined, fallback: string): string {
  if (value === undefined || value.length === 0) return fallback;
  const shown = printable(value);
  return shown.length > 300 ? `${shown.slice(0, 300)}…` : shown;
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
    details.push({
      label: 'Identity (as the certificate states it)',
      value: statedText(stated.identity, '(none)'),
    });
    details.push({
      label: 'OIDC issuer (as the certificate states it)',
      value: statedText(stated.issuer, '(none)'),
    });
  }
  if (entity.tlogEntries.length === 0) {
    details.push({ label: 'Transparency log', value: UNLOGGED });
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
  if (root.updatedAt) {
    details.push({ label: 'Trust root updated', value: root.updatedAt.toISOString() });
  }
  return details;
}

/** The same facts, typed: identity and issuer exactly as the certificate states them. */
export function bundleFacts(
  parsed: SigstoreBundle,
  entity: SignedEntity,
  root: LoadedTrustedRoot,
  stated: CertificateIdentity,
): SigstoreFacts {
  const logged = entity.tlogEntries
    .filter((e) => e.integratedTime && e.integratedTime !== '0')
    .map((e) => new Date(Number(e.integratedTime) * 1000))
    .filter((d) => !Number.isNaN(d.getTime()));
  return {
    kind: 'sigstore',
    ...(parsed.keyMaterial === 'certificate' && stated.identity ? { identity: stated.identity } : {}),
    ...(parsed.keyMaterial === 'certificate' && stated.issuer ? { issuer: stated.issuer } : {}),
    logIndexes: entity.tlogEntries.map((e) => e.logIndex),
    ...(logged[0] ? { integratedTime: logged[0].toISOString() } : {}),
    timestamps: entity.timestamps.flatMap((t) =>
      t.$case === 'timestamp-authority' ? [t.timestamp.signingTime.toISOString()] : [],
    ),
    trustRoot: root.source,
    trustRootNewestKey: root.newestKeyFrom.toISOString(),
    trustRootOrigin: root.origin,
    ...(root.updatedAt ? { trustRootUpdatedAt: root.updatedAt.toISOString() } : {}),
  };
}
