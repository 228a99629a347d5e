import { readFile } from 'node:fs/promises';
import { plainMessage } from '../../electron/core/errors';
import type {
  FormatCheck,
  SigstoreRootUpdate,
  TrustMaterial,
} from '../../electron/core/formats/format-module';
import type { SigstoreBundle } from '../../electron/core/formats/sigstore/bundle-reader';
import { sigstoreModule } from '../../electron/core/formats/sigstore/module';
import type { SigstoreTrustEntry } from '../../electron/core/formats/sigstore/trust-entry';
import { digestFile } from '../../electron/core/hashing/digest-file';
import { standardPolicy } from '../../electron/core/policy/verify-policy';

export interface VerifySigstoreFilesRequest {
  artifactPath: string;
  bundlePath: string;
  /** `--trusted-root FILE`: replaces the built-in public-good root for this run. */
  trustedRootPath?: string;
  trust: readonly SigstoreTrustEntry[];
  /** `--pubkey K` for managed-key bundles. */
  publicKeyPath?: string;
  /** Keep the public-good root current through this TUF repository, as the app and the CLI do. */
  rootUpdate?: SigstoreRootUpdate;
  now?: Date;
}

export type SigstoreFilesResult = FormatCheck | { outcome: 'malformed'; reason: string };

/**
 * One bundle against one file, from paths, straight through the Sigstore module (no discovery, no
 * registry): how the conformance suite and the managed-key tests drive it. The artifact is read
 * once, as a stream, for its digest. Bad input is a one-line 'malformed'.
 */
export async function verifySigstoreFiles(request: VerifySigstoreFilesRequest): Promise<SigstoreFilesResult> {
  const policy = standardPolicy({ at: request.now });
  let parsed: SigstoreBundle;
  const material: TrustMaterial = {
    caRoots: [],
    ...(request.rootUpdate ? { sigstoreRootUpdate: request.rootUpdate } : {}),
  };
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
