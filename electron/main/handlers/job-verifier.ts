import type { VerifyResult } from '../../../shared/verdict';
import { verifyArtifact as coreVerifyArtifact, type VerifyOptions } from '../../core/verify/verify-artifact';
import { ownKeyVerdict } from './own-keys';
import type { HandlerDeps } from './types';
import { withTrustEntryId } from './verdict-entry-id';
import { fileMaterial, loadJobMaterial } from './verify-material';

/**
 * One verification job's view of trust, read once when the job starts (a signer added while it
 * runs applies to the next job): every trust entry kind, the person's own keys, the organisation's
 * roots and its only-listed-signers rule, as the CLI reads them. `verifyArtifact` is the core's,
 * given that material for each file, with the verdict then told as main knows it (signed by you,
 * which entry matched, a damaged trust list named).
 */
export async function jobVerifier(deps: Pick<HandlerDeps, 'trust' | 'keystore'>): Promise<{
  trusted: VerifyOptions['trusted'];
  verifyArtifact: (file: string, options: VerifyOptions) => Promise<VerifyResult>;
}> {
  const material = await loadJobMaterial(deps.trust, deps.keystore);
  return {
    trusted: material.trusted,
    async verifyArtifact(file, options) {
      const result = await coreVerifyArtifact(file, { ...options, ...(await fileMaterial(material, file)) });
      return withTrustProblem(
        withTrustEntryId(ownKeyVerdict(result, material.ownKeys), material.trusted),
        material.problem,
      );
    },
  };
}

/** A damaged trust list is named where it matters: on a signer it might have known. */
function withTrustProblem(result: VerifyResult, problem: string | undefined): VerifyResult {
  if (!problem || result.verdict !== 'unknown-signer') return result;
  return { ...result, reason: `${result.reason} (${problem})` };
}
