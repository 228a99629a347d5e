import type { CheckContext, FormatCheck } from '../format-module';
import { checkAuthenticode } from './check';
import { type MsiFile, msiContentDigests, msiHasTimes } from './msi';
import type { PeDigestName } from './pe-image-digest';
import type { TrustedPublisher } from './publisher-entry';
import type { AuthenticodeSignature } from './signed-data';

/**
 * An MSI package: the content digest of its streams (and, with MsiDigitalSignatureEx, of its file
 * list) for each hash its signatures name, then the same checks as for a program.
 */
export function checkAuthenticodeMsi(
  signatures: readonly AuthenticodeSignature[],
  msi: MsiFile,
  ctx: CheckContext<TrustedPublisher>,
): FormatCheck {
  const algorithms = [
    ...new Set(signatures.map((s) => s.imageDigestAlgorithm).filter((a): a is PeDigestName => !!a)),
  ];
  if (msi.signatureEx && msiHasTimes(msi)) {
    return {
      outcome: 'refused',
      rule: 'refused-algorithm',
      reason: 'The package’s extended signature covers file times Signet cannot read exactly.',
      algorithm: 'Authenticode (MSI)',
    };
  }
  const { digests, exMatches } = msiContentDigests(msi, algorithms);
  if (exMatches && Object.values(exMatches).some((ok) => !ok)) {
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
