import type { TransparencyLogEntry } from '@sigstore/bundle';
import type { TrustedRoot } from '@sigstore/protobuf-specs';

/**
 * Every entry must name, by log id, a log the trusted root lists. The library finds a Rekor v2
 * log by the checkpoint's key hint and never reads the entry's log id, so without this an entry
 * could name any log, or none, and still pass.
 */
export function entriesNameTrustedLogs(entries: readonly TransparencyLogEntry[], root: TrustedRoot): boolean {
  const known = root.tlogs
    .flatMap((t) => [t.logId?.keyId, t.checkpointKeyId?.keyId])
    .filter((id) => id && id.length > 0);
  return entries.every((entry) => {
    const id = entry.logId?.keyId;
    return (
      id !== undefined && id.length > 0 && known.some((k) => k && Buffer.from(k).equals(Buffer.from(id)))
    );
  });
}

/**
 * An inclusion proof states its tree size and root hash twice: as plain fields, and inside the
 * signed checkpoint. @sigstore/verify checks the path against the checkpoint alone and never looks
 * at the plain fields, so a bundle can disagree with itself and still pass. Signet requires the
 * two to agree: an edited proof is refused, not silently repaired. Likewise a Rekor v2 entry's log
 * index (shown in the details) is vouched for only by the proof's index, so the two must be equal.
 */
export function proofsAgreeWithCheckpoints(entries: readonly TransparencyLogEntry[]): boolean {
  return entries.every((entry) => {
    const proof = entry.inclusionProof;
    if (!proof) return true;
    const note = proof.checkpoint?.envelope;
    if (typeof note !== 'string') return false;
    // The note body: origin, tree size, base64 root hash, optional extension lines (C2SP tlog-checkpoint).
    const [, size, rootHash] = note.split('\n\n')[0]?.split('\n') ?? [];
    if (size === undefined || rootHash === undefined || !/^[1-9]\d*$/.test(size)) return false;
    // Without a signed entry timestamp nothing signs the entry's own log index but the proof's.
    if (!entry.inclusionPromise && entry.logIndex !== proof.logIndex) return false;
    return (
      BigInt(size) === BigInt(proof.treeSize) &&
      Buffer.from(rootHash, 'base64').equals(Buffer.from(proof.rootHash))
    );
  });
}

// What real log and witness names look like ("rekor.sigstore.dev - 2605…" begins with a host;
// "staging.witness.transparency.goog/ring-any-bells"): host and path characters only.
const PLAIN_NAME = /^[A-Za-z0-9._:/-]{1,255}$/;
const SIGNATURE_LINE = /\u2014 (\S+) (\S+)\n/g;

/**
 * @sigstore/verify matches each checkpoint signer's name against log URLs as a regular expression
 * (`baseURL.match(name)`), and the name comes from the bundle: a name such as `(.*)*(.*)*x` makes
 * that match run for minutes. Signet refuses any name that is not plain host-and-path text first,
 * so a hostile bundle cannot hang verification.
 */
export function checkpointNamesArePlain(entries: readonly TransparencyLogEntry[]): boolean {
  return entries.every((entry) => {
    const note = entry.inclusionProof?.checkpoint?.envelope;
    if (typeof note !== 'string') return true;
    for (const [, name] of note.matchAll(SIGNATURE_LINE)) {
      if (!name || !PLAIN_NAME.test(name)) return false;
    }
    return true;
  });
}
