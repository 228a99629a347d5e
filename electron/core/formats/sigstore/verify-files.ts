import { readFile } from 'node:fs/promises';
import { plainMessage } from '../../errors';
import { digestFile } from '../../hashing/digest-file';
import { standardPolicy } from '../../policy/verify-policy';
import type { FormatCheck, TrustMaterial } from '../format-module';
import type { SigstoreBundle } from './bundle-reader';
import { sigstoreModule } from './module';
import type { SigstoreTrustEntry } from './trust-entry';

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
 * One bundle against one file, from paths, through the module as the registry drives it (tests use
 * it). The artifact is read once, as a stream, for its digest. Bad input is a one-line 'malformed'.
 */
export async function verifySigstoreFiles(request: VerifySigstoreFilesRequest): Promise<SigstoreFilesResult> {
  const policy = standardPolicy({ at: request.now });
  let parsed: SigstoreBundle;
  const material: TrustMaterial = { caRoots: [] };
  try {
    parsed = sigstoreModule.parse(await readFile(request.bundlePath));
    if (request.trustedRootPath) {
      const text = await readFile(request.trustedRootPath, 'utf8');
      material.sigstoreTrustedRoot = { json: parseJson(text), source: request.trustedRootPath };
    }
    if (request.publicKeyPath) {
      material.sigstorePublicKey = {
        key: await readFile(request.publicKeyPath),
        source: request.publicKeyPath,
      };
    }
  } catch (error) {
    return { outcome: 'malformed', reason: plainMessage(error) };
  }
  const refused = sigstoreModule.precheck?.(parsed, policy);
  if (refused && !refused.ok) return { outcome: 'malformed', reason: refused.reason };
  let digests: Awaited<ReturnType<typeof digestFile>>;
  try {
    digests = await digestFile(request.artifactPath, [parsed.digestAlgorithm], { regularOnly: true });
  } catch (error) {
    return { outcome: 'malformed', reason: plainMessage(error) };
  }
  return sigstoreModule.check(
    parsed,
    { size: 0, digests, suffixed: [] },
    { trust: request.trust, material, policy, what: 'The file' },
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
