import type { TransparencyLogEntry } from '@sigstore/bundle';

/**
 * An inclusion proof states its tree size and root hash twice: as plain fields, and inside the
 * signed checkpoint. @sigstore/verify checks the path against the checkpoint alone and never looks
 * at the plain fields, so a bundle can disagree with itself and still pass. Signet requires the
 * two to agree: an edited proof is refused, not silently repaired.
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
    return (
      BigInt(size) === BigInt(proof.treeSize) &&
      Buffer.from(rootHash, 'base64').equals(Buffer.from(proof.rootHash))
    );
  });
}
