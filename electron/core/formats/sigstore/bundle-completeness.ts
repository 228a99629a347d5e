import type { SignedEntity } from '@sigstore/verify';

/**
 * A bundle Sigstore's clients cannot check offline is incomplete, not a changed file: it must carry
 * a transparency-log entry, each entry must name its log and carry an inclusion proof or promise,
 * and something other than the signer must vouch for when it was signed (a promised log time or an
 * RFC 3161 time stamp).
 */
export function bundleIsComplete(entity: SignedEntity): boolean {
  const entries = entity.tlogEntries;
  if (entries.length === 0 || entity.timestamps.length === 0) return false;
  return entries.every(
    (entry) =>
      (entry.logId?.keyId?.length ?? 0) > 0 &&
      (entry.inclusionProof !== undefined || entry.inclusionPromise !== undefined),
  );
}
