import { SignetError } from '../errors';
import { type DigestAlgorithm, isDigestAlgorithm } from './digest-algorithms';

/**
 * Checks a caller's digest list once, at the door: the lists also arrive from worker messages
 * and the IPC layer, where the type system no longer holds.
 */
export function requestedAlgorithms(algorithms: readonly unknown[]): DigestAlgorithm[] {
  const unique = [...new Set(algorithms)];
  if (unique.length === 0) throw new SignetError('usage', 'Choose at least one digest to compute.');
  for (const algorithm of unique) {
    if (!isDigestAlgorithm(algorithm)) {
      throw new SignetError('usage', `Signet does not compute the digest "${String(algorithm)}".`);
    }
  }
  return unique as DigestAlgorithm[];
}
