import type { DigestAlgorithm, DigestOptions, Digests } from './digest-algorithms';

/**
 * How a caller has files hashed: the CLI hashes in-process (digestFile), the app passes a
 * worker-backed one so its main thread never blocks.
 */
export type DigestFn = (
  path: string,
  algorithms: readonly DigestAlgorithm[],
  options?: DigestOptions,
) => Promise<Digests>;
