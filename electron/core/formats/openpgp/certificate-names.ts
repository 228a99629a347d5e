import { certificateBinary } from './certificate';
import { indexKeyring } from './keyring-index';

const known = new Map<string, ReadonlySet<string> | null>();
const LIMIT = 8192;

/**
 * The fingerprints and key ids of every key in a stored (armored) certificate, read from its
 * packets without openpgp.js, once per process. Null when it cannot be read that way: it is then
 * parsed in full, as before, so nothing is skipped by mistake.
 */
function namesOfCertificate(armored: string): ReadonlySet<string> | null {
  let names = known.get(armored);
  if (names === undefined) {
    try {
      const certs = indexKeyring(certificateBinary(armored));
      names = certs.every((c) => c.fingerprint !== undefined)
        ? new Set(certs.flatMap((c) => [...c.names]))
        : null;
    } catch {
      names = null;
    }
    remember(armored, names);
  }
  return names;
}

/** Names found while the certificate was split from its keyring: no second read. */
export function remember(armored: string, names: ReadonlySet<string> | null): void {
  if (known.size >= LIMIT) known.delete(known.keys().next().value as string);
  known.set(armored, names);
}

/** What a signature names its key by: issuer fingerprint and key id, upper-case hex. */
export function mayHaveMade(
  armored: string,
  issuer: { issuerFingerprint?: string | undefined; issuerKeyId?: string | undefined },
): boolean {
  const wanted = [issuer.issuerFingerprint, issuer.issuerKeyId].filter((x): x is string => Boolean(x));
  if (wanted.length === 0) return true;
  const names = namesOfCertificate(armored);
  return names === null || wanted.some((name) => names.has(name.toUpperCase()));
}
