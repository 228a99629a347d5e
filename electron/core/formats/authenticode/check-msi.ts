import type { CheckContext, ContentFacts, FormatCheck } from '../format-module';
import { checkAuthenticode } from './check';
import { type MsiFile, msiExMatches } from './msi';
import type { PeDigestName, PeDigests } from './pe-image-digest';
import type { TrustedPublisher } from './publisher-entry';
import type { AuthenticodeSignature } from './signed-data';

/**
 * An MSI package: its content digests (met by the one read, by ranges, or computed from a package
 * held in memory) and, with MsiDigitalSignatureEx, its file list, then the same checks as for a
 * program.
 */
export function checkAuthenticodeMsi(
  signatures: readonly AuthenticodeSignature[],
  msi: MsiFile,
  digests: PeDigests,
  ctx: CheckContext<TrustedPublisher>,
): FormatCheck {
  if (msi.compound.unaccountedAt !== undefined) {
    return {
      outcome: 'invalid',
      rule: 'unaccounted-bytes',
      reason: `${ctx.what} cannot be trusted: it holds data its signature does not cover (from byte ${msi.compound.unaccountedAt}), which another program could run.`,
      algorithm: 'Authenticode (MSI)',
    };
  }
  const algorithms = Object.keys(digests) as PeDigestName[];
  if (msiExMatches(msi, algorithms) === false) {
    return {
      outcome: 'invalid',
      reason: `${ctx.what} cannot be trusted: the list of files inside it was changed after it was signed.`,
      algorithm: 'Authenticode (MSI, extended)',
    };
  }
  return checkAuthenticode(
    signatures,
    { size: 0, digests: {}, suffixed: [], peDigests: digests },
    ctx,
    'msi',
  );
}

/** The digests the one read produced for the `scattered-hash` needs, by algorithm. */
export function msiDigestsOf(
  needs: readonly { kind: string; algorithm?: string }[],
  content: ContentFacts,
): PeDigests {
  const digests: PeDigests = {};
  needs
    .filter((need) => need.kind === 'scattered-hash')
    .forEach((need, index) => {
      const digest = content.scattered?.[index];
      if (digest && digest.length > 0) digests[need.algorithm as PeDigestName] = digest;
    });
  return digests;
}
