import type { VerdictCode } from '../verdict-code';
import { publisherFactsOf } from '../verdict-facts';
import { type WordsContext, type WordsInput, wordsCode } from './input';

const REDOWNLOAD =
  'Delete it and download it again from the official site. If this happens again, tell the publisher.';
const ASK_OTHER_KIND =
  'Ask the publisher for a signature file ending in .minisig, .sig or .asc, or ask your IT team to check this file for you.';
const DOWNLOAD_SIGNATURE_AGAIN =
  'Download the signature file again from the official site. If it still fails, tell the publisher what Signet says here.';
const CURRENT_KEY = 'Do not use this file. Ask the publisher for a copy signed with the key they use now.';
const DO_NOT_USE_TELL = 'Do not use this file. Tell the publisher what Signet says here.';
const ASK_IT = 'Do not use this file until your IT team has looked at it.';

/** An unknown signer the person may add themselves, or only their IT team. */
function addSigner(context: WordsContext, how: string): string {
  return context.userMayAdd === false
    ? 'Do not use this file until you know who signed it. Ask your IT team: only they can add signers here.'
    : `Do not use this file until you know who signed it. ${how}`;
}

type Step = (context: WordsContext, result: WordsInput) => string;

/** One next step per cause: what the person can actually do about it. */
const STEPS: Record<VerdictCode, Step> = {
  // No name here: a next step is our own words (the CLI prints it as is).
  verified: () =>
    'A signature is not a virus check: treat this file as you would anything else from this publisher.',
  'verified-through-list': () =>
    'A signature is not a virus check: treat this file as you would anything else from this publisher.',

  'key-not-trusted': (c) =>
    addSigner(
      c,
      'If it comes from a publisher you know, get their public key from their official website and add it.',
    ),
  'identity-mismatch': (c) =>
    addSigner(
      c,
      'Compare the identity in the details with the one the publisher documents on their official website; trust it only if they match.',
    ),
  'not-the-given-key': () =>
    'Check that you have this publisher’s right key, from their official website, and try again.',
  'key-revoked': () => CURRENT_KEY,
  'key-expired': () => CURRENT_KEY,
  'not-yet-valid': () =>
    'Check that your computer’s date and time are right, then check the file again. If it still fails, tell the publisher.',
  'wrong-purpose': () => DO_NOT_USE_TELL,
  'chain-untrusted-root': (c, r) => {
    return publisherFactsOf(r.facts)?.selfSigned
      ? addSigner(c, 'If the publisher or your IT team confirms this certificate, trust this publisher.')
      : ASK_IT;
  },
  'chain-invalid': () => DO_NOT_USE_TELL,
  'not-listed-publisher': () => 'Do not use this file. If you need it, ask your IT team.',
  'other-instance': () =>
    'Do not use this file. Ask your IT team whether that signing service should be trusted.',
  'other-file': () =>
    'Get the signature file made for this exact file and version from the publisher’s official site, then check again.',
  'policy-unreadable': () => 'Ask your IT team to fix the signing rules on this computer, then check again.',

  'signature-mismatch': () => REDOWNLOAD,
  'list-entry-mismatch': () => REDOWNLOAD,
  'unaccounted-bytes': () => REDOWNLOAD,
  'namespace-mismatch': () => DO_NOT_USE_TELL,

  'no-signature': () =>
    'Ask the publisher for the signature file (it often ends in .minisig, .sig or .asc), or compare the file with the checksum on their website.',
  'unsigned-list': () =>
    'Ask the publisher for the signature of that list, or compare the file with the checksum on their website.',
  'list-names-other-files': () =>
    'Ask the publisher for the signature file (it often ends in .minisig, .sig or .asc), or compare the file with the checksum on their website.',
  'beside-checksum': () =>
    'Compare the file with the checksum in that file (paste it into Signet), and ask the publisher for a signature to know who made it.',
  'beside-signature': () => ASK_OTHER_KIND,

  'damaged-signature': () => DOWNLOAD_SIGNATURE_AGAIN,
  'damaged-list': () => DOWNLOAD_SIGNATURE_AGAIN,
  'unreadable-kind': () => ASK_OTHER_KIND,
  'not-a-signature': () => ASK_OTHER_KIND,
  'incomplete-bundle': () => DOWNLOAD_SIGNATURE_AGAIN,
  'weak-hash': () => 'Do not rely on this signature. Ask the publisher for one made with a current method.',
  'weak-signature-algorithm': () =>
    'Do not rely on this signature. Ask the publisher for one made with a current method.',
  'small-key': () => 'Do not rely on this signature. Ask the publisher for one made with a current method.',
  'legacy-variant': () =>
    'Do not rely on this signature. Ask the publisher for one made with a current method.',
  'refused-algorithm': () => DOWNLOAD_SIGNATURE_AGAIN,
  'too-large': () => 'Ask the publisher for another kind of signature for this file.',
  'file-unreadable': () => 'Make sure the file exists and that you can open it, then try again.',
};

export function nextStepOf(result: WordsInput, context: WordsContext = {}): string {
  return STEPS[wordsCode(result)](context, result);
}
