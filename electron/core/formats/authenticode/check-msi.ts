import { open } from 'node:fs/promises';
import { hashScattered, readFromFd } from '../../hashing/scattered-hash';
import type { CheckContext, ContentFacts, FormatCheck } from '../format-module';
import { checkAuthenticode } from './check';
import { type MsiFile, msiDigestNeed, msiExMatches, msiSignatureEx } from './msi';
import { msiOfOpenFile } from './msi-of-file';
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

/**
 * The SHA-256 content digest a signature of the package at `path` must sign, computed by the same
 * ranges the check hashes (msiDigestNeed), so signing and verifying cannot disagree. The package's
 * own signature streams, if any, are left out as the check leaves them out.
 */
export async function msiSigningDigest(path: string): Promise<Uint8Array> {
  return (await signingDigest(path, false)).digest;
}

/**
 * As msiSigningDigest for a signature with MsiDigitalSignatureEx: `ex` is that stream's content
 * (the file list's hash) and `digest` hashes it first, as the check does.
 */
export function msiSigningDigestEx(path: string): Promise<{ digest: Uint8Array; ex: Uint8Array }> {
  return signingDigest(path, true);
}

async function signingDigest(
  path: string,
  withFileList: boolean,
): Promise<{ digest: Uint8Array; ex: Uint8Array }> {
  const handle = await open(path, 'r');
  try {
    const msi = msiOfOpenFile(handle.fd);
    const need = msiDigestNeed(msi, 'sha256', withFileList);
    const [digest] = hashScattered([{ ...need, ranges: [...need.ranges] }], readFromFd(handle.fd), path);
    return { digest: digest!, ex: msiSignatureEx(msi, 'sha256') };
  } finally {
    await handle.close();
  }
}
