import { readFile } from 'node:fs/promises';
import { plainMessage } from '../../errors';
import { digestFile } from '../../hashing/digest-file';
import type { FormatCheck } from '../format-module';
import { readSigstoreBundle } from './bundle-reader';
import type { SigstoreTrustEntry } from './trust-entry';
import { publicGoodTrustedRoot, trustedRootFromBytes } from './trusted-root';
import { checkSigstoreBundle, type ManagedKey, managedKeyFrom } from './verify-bundle';

export interface VerifySigstoreFilesRequest {
  artifactPath: string;
  bundlePath: string;
  /** `--trusted-root FILE`: replaces the built-in public-good root for this run. */
  trustedRootPath?: string;
  trust: readonly SigstoreTrustEntry[];
  /** `--pubkey K` for managed-key bundles. */
  publicKeyPath?: string;
  now?: Date;
}

export type SigstoreFilesResult = FormatCheck | { outcome: 'malformed'; reason: string };

/**
 * One bundle against one file, from paths: the function level the CLI's `--bundle` flags will call.
 * The artifact is read once, as a stream, for its digest. Bad input is a one-line 'malformed'.
 */
export async function verifySigstoreFiles(request: VerifySigstoreFilesRequest): Promise<SigstoreFilesResult> {
  let parsed: ReturnType<typeof readSigstoreBundle>;
  let managedKey: ManagedKey | undefined;
  let root: ReturnType<typeof publicGoodTrustedRoot>;
  try {
    parsed = readSigstoreBundle(await readFile(request.bundlePath));
    root = request.trustedRootPath
      ? trustedRootFromBytes(await readFile(request.trustedRootPath), request.trustedRootPath)
      : publicGoodTrustedRoot();
    if (request.publicKeyPath) {
      managedKey = managedKeyFrom(await readFile(request.publicKeyPath), request.publicKeyPath);
      if (!managedKey) {
        return { outcome: 'malformed', reason: `${request.publicKeyPath} is not a public key.` };
      }
    }
  } catch (error) {
    return { outcome: 'malformed', reason: plainMessage(error) };
  }
  const digests = await digestFile(request.artifactPath, [parsed.digestAlgorithm], {
    regularOnly: true,
  });
  const artifactDigest = digests[parsed.digestAlgorithm];
  if (!artifactDigest) return { outcome: 'malformed', reason: 'The file could not be read.' };
  return checkSigstoreBundle({
    parsed,
    artifactDigest,
    root,
    trust: request.trust,
    managedKey,
    now: request.now ?? new Date(),
    what: 'The file',
  });
}
