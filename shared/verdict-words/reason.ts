import type { VerdictCode } from '../verdict-code';
import { publisherFactsOf } from '../verdict-facts';
import { lastSegment, type WordsInput, wordsCode } from './input';

/** Who the signature names, in the sentence under the headline: the facts' words for each kind. */
function unknownKeySentence(result: WordsInput): string {
  if (publisherFactsOf(result.facts)) {
    return 'Its publisher is not one you have chosen, and no authority this computer trusts vouches for it, so Signet cannot say who made it.';
  }
  return 'It was signed with a key that is not on your list of trusted signers, so Signet cannot say who made it.';
}

/** The verified sentence: who vouched for the name, said plainly for publishers. */
function verifiedSentence(result: WordsInput): string {
  const signer = result.signerName ?? 'a signer you trust';
  const unchanged = `It has not changed since ${signer} signed it.`;
  const facts = publisherFactsOf(result.facts);
  const listFacts = result.facts?.kind === 'checksum-list' ? result.facts : undefined;
  if (listFacts) {
    return `It matches its checksum in the list ${signer} signed, and has not changed since.`;
  }
  if (facts) {
    if (facts.chosenBy === 'certificate-authority') {
      return `Name confirmed by ${facts.vouchedBy ?? 'a certificate authority'}; you have not chosen this publisher. ${unchanged}`;
    }
    if (facts.chosenBy === 'organisation') return `Chosen by your organisation. ${unchanged}`;
    if (facts.chosenBy === 'you') return `Chosen by you. ${unchanged}`;
  }
  return unchanged;
}

type Sentence = (result: WordsInput, names: { signature?: string; list?: string }) => string;

const SENTENCES: Record<VerdictCode, Sentence> = {
  verified: (r) => verifiedSentence(r),
  'verified-through-list': (r) => verifiedSentence(r),

  'key-not-trusted': (r) => unknownKeySentence(r),
  'not-the-given-key': () =>
    'It was signed with a different key from the one you gave, so Signet cannot say who made it.',
  'key-revoked': () =>
    'It was signed with a key its owner has withdrawn (revoked), so the signature no longer shows who made it.',
  'key-expired': () =>
    'It was signed with a key that had already expired, so the signature no longer shows who made it.',
  'not-yet-valid': () => 'The signature or its key is dated in the future, so Signet cannot rely on it.',
  'identity-mismatch': () =>
    'It was signed by an online identity you have not chosen to trust, so Signet cannot say it is the publisher’s.',
  'wrong-purpose': () => 'The certificate that signed it was not issued for signing software.',
  'chain-untrusted-root': (r) => {
    return publisherFactsOf(r.facts)?.selfSigned
      ? unknownKeySentence(r)
      : 'Its publisher’s certificate comes from an authority this computer does not trust, so Signet cannot confirm who made it.';
  },
  'chain-invalid': () =>
    'Its publisher’s certificate breaks the rules certificates must follow, so the name in it cannot be trusted.',
  'not-listed-publisher': () =>
    'Your organisation allows only the publishers on its list, and this publisher is not on it.',
  'other-instance': () =>
    'It was signed through an online signing service Signet is not set up to trust, so it cannot say who made it.',
  'other-file': () => 'The signature next to it was made for another file or version, not for this one.',
  'policy-unreadable': () =>
    'The rules your organisation set for this computer cannot be read, so Signet will not confirm any signer until they are fixed.',

  'signature-mismatch': () =>
    'Its contents are not what was signed: the file was changed or damaged after signing, or the signature belongs to another file.',
  'list-entry-mismatch': (_r, n) =>
    `It does not match its checksum in the signed list${n.list ? ` ${n.list}` : ''}: it was changed or damaged after the list was signed.`,
  'unaccounted-bytes': () =>
    'Something was added to the file after it was signed. Files changed this way can hide another program.',
  'namespace-mismatch': () =>
    'Its signature was made for another purpose than signing files, so it does not vouch for this file.',

  'no-signature': () => 'Signet looked next to the file and found no signature for it.',
  'unsigned-list': () =>
    'A checksum list is next to it, but nobody signed that list, so it cannot tell who made the file.',
  'list-names-other-files': () =>
    'A signed checksum list is next to it, but the list does not name this file.',
  'beside-checksum': (r) =>
    `Signet found ${r.besideFile ? lastSegment(r.besideFile) : 'a checksum file'} beside it: a checksum, not a signature. It shows whether the download is complete, not who made it.`,
  'beside-signature': (r) =>
    `Signet found ${r.besideFile ? lastSegment(r.besideFile) : 'a signature file'} beside it: a kind of signature Signet cannot check yet.`,

  'damaged-signature': (r, n) => damaged(r, n),
  'damaged-list': (r, n) => damaged(r, n),
  'unreadable-kind': (r, n) =>
    n.signature
      ? `Signet found ${n.signature}, but it is not a kind of signature Signet can check.`
      : damaged(r, n),
  'not-a-signature': (r, n) =>
    n.signature
      ? `Signet found ${n.signature}, but it holds a key or a message, not a signature for this file.`
      : damaged(r, n),
  'incomplete-bundle': (_r, n) =>
    `Signet found ${n.signature ?? 'a signature'}, but it is missing the proof of when it was made, so it cannot be checked.`,
  'weak-hash': (_r, n) => outdated(n),
  'weak-signature-algorithm': (_r, n) => outdated(n),
  'small-key': (_r, n) => outdated(n),
  'legacy-variant': (_r, n) => outdated(n),
  'refused-algorithm': (_r, n) =>
    `Signet found ${n.signature ?? 'a signature'}, but it was made with a method Signet does not accept.`,
  'too-large': () => 'The file or its signature is too large to be checked this way.',
  // Nothing about a signature: the core's sentence is about the file itself and already plain.
  'file-unreadable': (r) => r.reason ?? 'Signet could not open the file.',
};

const outdated = (n: { signature?: string }) =>
  `Signet found ${n.signature ?? 'a signature'}, but it was made with an outdated method that can be forged.`;

function damaged(result: WordsInput, n: { signature?: string; list?: string }): string {
  if (n.signature) return `Signet found ${n.signature}, but could not use it as a signature.`;
  if (n.list) return `Signet found the checksum list ${n.list}, but could not use it.`;
  return result.reason ?? 'Signet could not use the signature it found.';
}

/**
 * The one sentence under the headline: why, in words a person without the expert's vocabulary reads
 * at once. The core's own reason (key ids, format words) stays in the details for experts. Names
 * are the caller's to escape, as for every other text shown.
 */
export function staffSentence(result: WordsInput): string {
  return SENTENCES[wordsCode(result)](result, {
    ...(result.signatureFile ? { signature: lastSegment(result.signatureFile) } : {}),
    ...(result.checksumList ? { list: lastSegment(result.checksumList) } : {}),
  });
}
