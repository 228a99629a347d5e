import { basename } from 'node:path';
import { isHiddenCharacter } from '../../../../shared/hidden-characters';
import { ed25519PublicKey, ed25519Sign } from '../../crypto/ed25519';
import { bytesEqual } from '../../encoding/bytes';
import { SignetError } from '../../errors';
import { shellWord } from '../../sign/release-kit';
import type { SigningSide } from '../signing-side';
import { MINISIGN_SIGNING_READS } from './descriptor';
import { keyIdFromKeyNum } from './key-id';
import { parseMinisignPublicKey } from './public-key';
import type { MinisignSecretKey } from './secret-key';
import {
  assertOneLineComment,
  formatMinisignSignature,
  globallySignedBytes,
  MAX_SIGNATURE_TEXT_BYTES,
  MAX_TRUSTED_COMMENT_BYTES,
  parseMinisignSignature,
  verifyMinisignSignature,
} from './signature';

const SIGNET_UNTRUSTED_COMMENT = 'signature from signet secret key';

/**
 * minisign's default trusted comment. Control characters in the file name (Linux allows line
 * breaks in names) become "?" so the comment stays one line.
 */
export function defaultTrustedComment(path: string, now: Date = new Date()): string {
  const seconds = Math.floor(now.getTime() / 1000);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: replacing control characters is the point
  const name = basename(path).replace(/[\u0000-\u001f\u007f]/g, '?');
  return `timestamp:${seconds}\tfile:${name}\thashed`;
}

/**
 * The one rule for a signed comment the person types, in the CLI and the app: blank means "the
 * default"; it is one line of the .minisig, so a line break or any control or invisible character
 * (other than the tab minisign itself separates fields with) is refused, as is one too long for
 * minisign to read.
 */
function checkTrustedComment(comment: string | undefined): string | undefined {
  if (comment === undefined || comment.trim() === '') return undefined;
  if ([...comment].some((ch) => ch !== '\t' && isHiddenCharacter(ch))) {
    throw new SignetError(
      'usage',
      'The signed comment must be one line without control characters. Nothing was signed.',
    );
  }
  assertSignableComment(comment);
  return comment;
}

/** What any trusted comment must be to be signed at all (a default one included). */
function assertSignableComment(comment: string): void {
  assertOneLineComment(comment, 'The trusted comment');
  if (Buffer.byteLength(comment, 'utf8') > MAX_TRUSTED_COMMENT_BYTES) {
    throw new SignetError(
      'usage',
      `The trusted comment is too long (at most ${MAX_TRUSTED_COMMENT_BYTES} bytes, or minisign cannot read it).`,
    );
  }
}

function checkKey(key: MinisignSecretKey): void {
  if (key.keyNum.length !== 8 || key.seed.length !== 32 || key.publicKey.length !== 32) {
    throw new SignetError('usage', 'This is not a complete minisign secret key.');
  }
  if (!bytesEqual(ed25519PublicKey(key.seed), key.publicKey)) {
    throw new SignetError('usage', 'The secret key does not match its public key; nothing was signed.');
  }
}

/**
 * The .minisig text for a file whose BLAKE2b-512 digest is given ('ED', prehashed, as
 * `minisign -S` writes by default). Refuses a multi-line or over-long trusted comment.
 */
export function minisignSignatureText(
  blake2b512: Uint8Array,
  key: MinisignSecretKey,
  trustedComment: string,
): string {
  assertSignableComment(trustedComment);
  checkKey(key);
  const signature = ed25519Sign(blake2b512, key.seed);
  const globalSignature = ed25519Sign(globallySignedBytes(signature, trustedComment), key.seed);
  return formatMinisignSignature({
    algorithm: 'ED',
    keyNum: key.keyNum,
    signature,
    untrustedComment: SIGNET_UNTRUSTED_COMMENT,
    trustedComment,
    globalSignature,
  });
}

const RECHECK_PROBLEMS = {
  'key-mismatch': 'The signature names another key.',
  'bad-signature': 'The signature does not match the file as it is now.',
  'bad-global-signature': 'The signed comment does not match the signature.',
} as const;

/** minisign's signing side: Ed25519 over the BLAKE2b-512 of the file, with a signed comment. */
export const minisignSigning: SigningSide<MinisignSecretKey> = {
  keyKinds: ['minisign'],
  writes: [{ style: 'detached', suffix: '.minisig', encoding: 'text' }],
  interop: { tool: 'minisign', command: 'minisign -Vm FILE -x SIG -p KEY' },
  ...MINISIGN_SIGNING_READS,
  defaultComment: defaultTrustedComment,
  checkComment: checkTrustedComment,
  checkKey,
  keyId: (key) => keyIdFromKeyNum(key.keyNum),
  sign({ file, digests, key, comment }) {
    const blake2b512 = digests.blake2b512;
    if (!blake2b512) throw new SignetError('usage', 'Signing needs the BLAKE2b-512 digest of the file.');
    const trustedComment = comment ?? defaultTrustedComment(file);
    return {
      write: 'beside',
      suffix: '.minisig',
      content: minisignSignatureText(blake2b512, key, trustedComment),
      comment: trustedComment,
    };
  },
  transition: {
    checkCommands: ({ statementFile, signers }) => [
      'To check this statement, with both .minisig files beside it:',
      ...signers.map(
        (signer) =>
          `  minisign -Vm ${shellWord(statementFile)} -x ${shellWord(signer.signatureFile ?? `${statementFile}.minisig`)} -P ${signer.publicKey}`,
      ),
    ],
  },
  forgetKey: async (key) => {
    key.seed.fill(0);
  },
  async recheck({ signature, publicKey, digests, readFile }) {
    if (signature.length > MAX_SIGNATURE_TEXT_BYTES) return 'The signature file is too large.';
    const parsed = parseMinisignSignature(signature);
    const signed =
      parsed.algorithm === 'ED'
        ? { blake2b512: (await digests(['blake2b512'])).blake2b512 }
        : { message: await readFile() };
    const check = verifyMinisignSignature(parsed, parseMinisignPublicKey(publicKey), signed);
    return check.ok ? undefined : RECHECK_PROBLEMS[check.problem];
  },
};
