import type { VerifyResult } from '../../../shared/verdict';
import { fileMaterial, verdictWithMaterial } from '../../core/verify/job-material';
import { verifyArtifact as coreVerifyArtifact, type VerifyOptions } from '../../core/verify/verify-artifact';
import type { HandlerDeps } from './types';
import { withTrustEntryId } from './verdict-entry-id';
import { loadJobMaterial } from './verify-material';

/**
 * One verification job's view of trust, read once when the job starts (a signer added while it
 * runs applies to the next job) by the core's loadJobMaterial, as the CLI reads it.
 * `verifyArtifact` is the core's, given that material for each file, with the verdict then told
 * as main knows it (signed by you, which entry matched, a damaged trust list named).
 */
export async function jobVerifier(deps: Pick<HandlerDeps, 'trust' | 'keystore' | 'sigstoreRoot'>): Promise<{
  trusted: VerifyOptions['trusted'];
  verifyArtifact: (file: string, options: VerifyOptions) => Promise<VerifyResult>;
}> {
  const material = await loadJobMaterial(deps.trust, deps.keystore);
  return {
    trusted: material.trusted,
    async verifyArtifact(file, options) {
      const result = await coreVerifyArtifact(file, {
        ...options,
        ...(await fileMaterial(material, file)),
        material: { ...deps.sigstoreRoot, ...options.material },
      });
      return withTrustEntryId(verdictWithMaterial(material, result), material.trusted);
    },
  };
}
