import type { Verdict, VerifyResult } from './verdict';

/** Headline + next step, in plain words (reading age about 12). The headline alone must be right. */
export interface VerdictText {
  headline: string;
  nextStep: string;
}

export function verdictText(
  result: Pick<VerifyResult, 'verdict' | 'signerName' | 'signatureFile'>,
): VerdictText {
  if (result.verdict === 'malformed' && result.signatureFile === undefined) {
    // Nothing was wrong with a signature: the file itself (or the key given) could not be used.
    return {
      headline: 'Signet could not check this file',
      nextStep: 'Make sure the file exists and that you can open it, then try again.',
    };
  }
  const texts: Record<Verdict, VerdictText> = {
    verified: {
      headline: `Verified: made by ${result.signerName ?? 'a signer you trust'}`,
      nextStep: 'This file has not changed since it was signed. It is safe to use if you trust this signer.',
    },
    'unknown-signer': {
      headline: 'Signed, but not by anyone you trust',
      nextStep:
        'Do not use this file unless you can confirm who signed it. Ask the publisher for their public key.',
    },
    tampered: {
      headline: 'Do not use this file: it was changed after it was signed',
      nextStep:
        'Delete it and download it again from the official site. If this happens again, tell the publisher.',
    },
    'no-signature': {
      headline: 'No signature found for this file',
      nextStep:
        'Ask the publisher for the signature file (it often ends in .minisig or .sig) or a signed SHA256SUMS list.',
    },
    malformed: {
      headline: 'The signature file is damaged or not a kind we read',
      nextStep: 'Download the signature file again. If it still fails, ask the publisher which tool made it.',
    },
  };
  return texts[result.verdict];
}
