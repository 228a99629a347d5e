import { ed25519Verify } from '../../crypto/ed25519';
import { decodeBase64Strict, encodeBase64 } from '../../encoding/base64';
import { asciiOf, bytesEqual, concatBytes } from '../../encoding/bytes';
import { FormatError, SignetError } from '../../errors';
import { KEY_NUM_BYTES } from './key-id';
import { UNTRUSTED_COMMENT_PREFIX } from './public-key';
import { splitTextLines, textAfterPrefix } from './text-lines';

type MinisignAlgorithm = 'ED' | 'Ed';

export interface MinisignSignature {
  /** 'ED': Ed25519 over BLAKE2b-512(file) (minisign's default); 'Ed': over the whole file (legacy, -l). */
  algorithm: MinisignAlgorithm;
  keyNum: Uint8Array;
  signature: Uint8Array;
  /** Not signed by anyone: never show it as a fact. */
  untrustedComment: string;
  /** Signed by the global signature. */
  trustedComment: string;
  globalSignature: Uint8Array;
}

type MinisignProblem = 'key-mismatch' | 'bad-signature' | 'bad-global-signature';
export type MinisignCheck = { ok: true } | { ok: false; problem: MinisignProblem };

const TRUSTED_COMMENT_PREFIX = 'trusted comment: ';
export const MAX_SIGNATURE_TEXT_BYTES = 64 * 1024;
/** minisign refuses longer trusted comments (TRUSTEDCOMMENTMAXBYTES minus the prefix and newline). */
export const MAX_TRUSTED_COMMENT_BYTES = 8192 - TRUSTED_COMMENT_PREFIX.length - 2;
const SIGNATURE_LINE_BYTES = 2 + KEY_NUM_BYTES + 64;

/**
 * Parses a 4-line .minisig. Anything off is a FormatError, including a 2-line file (which is how
 * the verifier tells a signify signature apart).
 */
export function parseMinisignSignature(text: string | Uint8Array): MinisignSignature {
  const what = 'The signature file';
  const lines = splitTextLines(text, { what, maxBytes: MAX_SIGNATURE_TEXT_BYTES });
  if (lines.length === 2) {
    throw new FormatError(
      `${what} has 2 lines, but a minisign signature has 4 (a 2-line file is usually a signify signature).`,
    );
  }
  if (lines.length !== 4) throw new FormatError(`${what} should have 4 lines, but it has ${lines.length}.`);
  const [first, second, third, fourth] = lines as [string, string, string, string];
  const untrustedComment = textAfterPrefix(
    first,
    UNTRUSTED_COMMENT_PREFIX,
    'The first line of the signature',
  );
  const bytes = decodeBase64Strict(second, 'The signature', SIGNATURE_LINE_BYTES);
  const algorithm = asciiOf(bytes.subarray(0, 2));
  if (algorithm !== 'ED' && algorithm !== 'Ed') {
    throw new FormatError('The signature uses an algorithm Signet does not know.');
  }
  const trustedComment = textAfterPrefix(third, TRUSTED_COMMENT_PREFIX, 'The third line of the signature');
  const globalSignature = decodeBase64Strict(fourth, 'The trusted comment signature', 64);
  return {
    algorithm,
    keyNum: bytes.slice(2, 2 + KEY_NUM_BYTES),
    signature: bytes.slice(2 + KEY_NUM_BYTES),
    untrustedComment,
    trustedComment,
    globalSignature,
  };
}

export function formatMinisignSignature(sig: MinisignSignature): string {
  assertOneLineComment(sig.untrustedComment, 'The untrusted comment');
  assertOneLineComment(sig.trustedComment, 'The trusted comment');
  if (
    sig.keyNum.length !== KEY_NUM_BYTES ||
    sig.signature.length !== 64 ||
    sig.globalSignature.length !== 64
  ) {
    throw new SignetError('usage', 'A minisign signature needs an 8-byte key number and 64-byte signatures.');
  }
  const line = concatBytes(new Uint8Array(Buffer.from(sig.algorithm, 'latin1')), sig.keyNum, sig.signature);
  return (
    `${UNTRUSTED_COMMENT_PREFIX}${sig.untrustedComment}\n${encodeBase64(line)}\n` +
    `${TRUSTED_COMMENT_PREFIX}${sig.trustedComment}\n${encodeBase64(sig.globalSignature)}\n`
  );
}

/** What the global signature covers: the file signature followed by the trusted comment's bytes. */
export function globallySignedBytes(signature: Uint8Array, trustedComment: string): Uint8Array {
  return concatBytes(signature, new Uint8Array(Buffer.from(trustedComment, 'utf8')));
}

/**
 * Checks in minisign's order: the key number (a mismatch means "another key", not tampering),
 * then the file signature, then the trusted comment. Never throws on bad data; the caller must
 * pass the form of the data the algorithm needs ('ED': the 64-byte BLAKE2b-512 digest of the
 * file, 'Ed': the file itself), else SignetError('usage').
 */
export function verifyMinisignSignature(
  sig: MinisignSignature,
  key: { keyNum: Uint8Array; publicKey: Uint8Array },
  signedData: { blake2b512?: Uint8Array; message?: Uint8Array },
): MinisignCheck {
  const data = sig.algorithm === 'ED' ? signedData.blake2b512 : signedData.message;
  if (data === undefined || (sig.algorithm === 'ED' && data.length !== 64)) {
    throw new SignetError(
      'usage',
      sig.algorithm === 'ED'
        ? 'Checking a prehashed (ED) minisign signature needs the 64-byte BLAKE2b-512 digest of the file.'
        : 'Checking a legacy (Ed) minisign signature needs the whole file.',
    );
  }
  if (!bytesEqual(sig.keyNum, key.keyNum)) return { ok: false, problem: 'key-mismatch' };
  if (!ed25519Verify(sig.signature, data, key.publicKey)) return { ok: false, problem: 'bad-signature' };
  if (hasLineBreakOrNul(sig.trustedComment)) return { ok: false, problem: 'bad-global-signature' };
  const global = globallySignedBytes(sig.signature, sig.trustedComment);
  if (!ed25519Verify(sig.globalSignature, global, key.publicKey)) {
    return { ok: false, problem: 'bad-global-signature' };
  }
  return { ok: true };
}

export function assertOneLineComment(comment: string, what: string): void {
  if (hasLineBreakOrNul(comment)) {
    throw new SignetError('usage', `${what} must be a single line of text.`);
  }
}

function hasLineBreakOrNul(text: string): boolean {
  return /[\r\n\0]/.test(text);
}
