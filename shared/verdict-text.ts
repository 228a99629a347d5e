import { besideKindIn } from './beside-hint';
import type { Verdict, VerifyResult } from './verdict';

/** Headline + next step, in plain words (reading age about 12). The headline alone must be right. */
export interface VerdictText {
  headline: string;
  nextStep: string;
}

/** What the person may do here: whether they may add signers themselves or only their IT team can. */
export interface VerdictContext {
  /** False when an organisation-managed list says only IT adds signers. Unknown counts as allowed. */
  userMayAdd?: boolean;
}

type TextInput = Pick<VerifyResult, 'verdict' | 'signerName' | 'signatureFile' | 'reason'>;

/**
 * A signature file Signet found but cannot check (a kind no module reads, or a GnuPG key or message
 * where a signature was expected), told apart from a damaged one: the next step differs (asking for
 * another kind, not downloading the same file again). Keyed on the core's own sentences
 * (formats/registry.ts unreadableSignatureReason), which a unit test pins.
 */
export function isUnreadableKind(
  result: Pick<VerifyResult, 'verdict' | 'signatureFile'> & { reason?: string },
): boolean {
  if (result.verdict !== 'malformed' || result.signatureFile === undefined) return false;
  return /not a kind of signature Signet reads|but not a signature Signet reads/.test(result.reason ?? '');
}

export function verdictText(
  result: Omit<TextInput, 'reason'> & { reason?: string },
  context: VerdictContext = {},
): VerdictText {
  if (result.verdict === 'malformed' && result.signatureFile === undefined) {
    // Nothing was wrong with a signature: the file itself (or the key given) could not be used.
    return {
      headline: 'Signet could not check this file',
      nextStep: 'Make sure the file exists and that you can open it, then try again.',
    };
  }
  const beside = result.verdict === 'no-signature' ? besideKindIn(result.reason ?? '') : undefined;
  if (isUnreadableKind(result) || beside === 'signature') {
    return {
      headline: 'Signet cannot check this kind of signature',
      nextStep:
        'Ask the publisher for a signature file ending in .minisig, .sig or .asc, or ask your IT team to check this file for you.',
    };
  }
  if (beside === 'checksum') {
    return {
      headline: 'No signature found for this file',
      nextStep:
        'Compare the file with the checksum in that file (paste it into Signet), and ask the publisher for a signature to know who made it.',
    };
  }
  const signer = result.signerName ?? 'a signer you trust';
  const texts: Record<Verdict, VerdictText> = {
    verified: {
      headline: `Verified: made by ${signer}`,
      // No name here: a next step is our own words (the CLI prints it as is).
      nextStep:
        'A signature is not a virus check: treat this file as you would anything else from this publisher.',
    },
    'unknown-signer': {
      headline: 'Signed, but not by anyone you trust',
      nextStep:
        context.userMayAdd === false
          ? 'Do not use this file until you know who signed it. Ask your IT team: only they can add signers here.'
          : 'Do not use this file until you know who signed it. If it comes from a publisher you know, get their public key from their official website and add it.',
    },
    tampered: {
      headline: 'Do not use this file: it was changed after it was signed',
      nextStep:
        'Delete it and download it again from the official site. If this happens again, tell the publisher.',
    },
    'no-signature': {
      headline: 'No signature found for this file',
      nextStep:
        'Ask the publisher for the signature file (it often ends in .minisig, .sig or .asc), or compare the file with the checksum on their website.',
    },
    malformed: {
      headline: 'The signature file is damaged or not a kind we read',
      nextStep:
        'Download the signature file again from the official site. If it still fails, tell the publisher what Signet says here.',
    },
  };
  return texts[result.verdict];
}
