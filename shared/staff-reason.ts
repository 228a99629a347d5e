import { besideKindIn } from './beside-hint';
import type { VerifyResult } from './verdict';
import { isUnreadableKind } from './verdict-text';

type ReasonInput = Pick<
  VerifyResult,
  'verdict' | 'reason' | 'signerName' | 'signatureFile' | 'checksumList' | 'file'
>;

/**
 * The one sentence under a staff headline: why, in words a person without the expert's vocabulary
 * reads at once. The core's own reason (key ids, format words) stays in the details for experts.
 * Names are the caller's to escape, as for every other text shown.
 */
export function staffReason(result: ReasonInput): string {
  const signatureName = result.signatureFile ? lastSegment(result.signatureFile) : undefined;
  switch (result.verdict) {
    case 'verified':
      return `It has not changed since ${result.signerName ?? 'a signer you trust'} signed it.`;
    case 'unknown-signer':
      return 'It was signed with a key that is not on your list of trusted signers, so Signet cannot say who made it.';
    case 'tampered':
      return 'Its contents are not what was signed: the file was changed or damaged after signing, or the signature belongs to another file.';
    case 'no-signature':
      // What the publisher put beside it instead, said by main in staff words already.
      if (besideKindIn(result.reason)) return result.reason;
      return /is not signed|not signed, so/.test(result.reason)
        ? 'A checksum list is next to it, but nobody signed that list, so it cannot tell who made the file.'
        : 'Signet looked next to the file and found no signature for it.';
    case 'malformed':
      if (signatureName && isUnreadableKind(result)) {
        return /OpenPGP|GnuPG/.test(result.reason)
          ? `Signet found ${signatureName}, but it holds a key or a message, not a signature for this file.`
          : `Signet found ${signatureName}, but it is not a kind of signature Signet can check.`;
      }
      if (signatureName && /outdated|too short|forged/.test(result.reason)) {
        return `Signet found ${signatureName}, but it was made with an outdated method that can be forged.`;
      }
      if (signatureName) return `Signet found ${signatureName}, but could not use it as a signature.`;
      if (result.checksumList) {
        return `Signet found the checksum list ${lastSegment(result.checksumList)}, but could not use it.`;
      }
      // Nothing about a signature: the core's sentence is about the file itself and already plain.
      return result.reason;
  }
}

function lastSegment(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}
