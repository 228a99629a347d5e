import { basename, resolve } from 'node:path';
import { ed25519PublicKey, ed25519Sign } from '../crypto/ed25519';
import { bytesEqual } from '../encoding/bytes';
import { SignetError } from '../errors';
import { keyIdFromKeyNum } from '../formats/minisign/key-id';
import type { MinisignSecretKey } from '../formats/minisign/secret-key';
import {
  assertOneLineComment,
  formatMinisignSignature,
  globallySignedBytes,
  MAX_TRUSTED_COMMENT_BYTES,
} from '../formats/minisign/signature';
import { writeFileAtomic } from '../fs/atomic-write';
import { pathExists } from '../fs/path-exists';
import type { DigestOptions } from '../hashing/digest-algorithms';
import { digestFileFastest } from '../hashing/digest-file-fastest';
import type { DigestFn } from '../hashing/digest-fn';

export interface SignFileOptions extends DigestOptions {
  /** Signed along with the file; defaults to minisign's `timestamp:<unix>\tfile:<name>\thashed`. */
  trustedComment?: string;
  /** Replace an existing signature. Without it an existing one is SignetError 'exists' and stays. */
  overwrite?: boolean;
  /** Defaults to `<file>.minisig`. */
  signatureFile?: string;
  /** How the file is hashed (default in-process); the app passes its worker-backed hasher. */
  digest?: DigestFn;
}

export interface SignFileResult {
  file: string;
  signatureFile: string;
  /** Lowercase hex SHA-256 of the signed bytes, for the activity log and the person signing. */
  sha256: string;
  /** The BLAKE2b-512 digest that was signed, so a re-check need not hash the file again. */
  blake2b512: Uint8Array;
  keyId: string;
  trustedComment: string;
}

export const SIGNET_UNTRUSTED_COMMENT = 'signature from signet secret key';

/**
 * Signs a file the way `minisign -S` does by default: prehashed ('ED'), Ed25519 over the
 * BLAKE2b-512 of the file, plus a global signature over the trusted comment. The signature is
 * written atomically and never replaces an existing one unless asked.
 */
export async function signFile(
  path: string,
  key: MinisignSecretKey,
  options: SignFileOptions = {},
): Promise<SignFileResult> {
  const file = resolve(path);
  const signatureFile = resolve(options.signatureFile ?? `${file}.minisig`);
  if (signatureFile === file) {
    throw new SignetError('usage', 'The signature cannot be written over the file it signs.');
  }
  const trustedComment = options.trustedComment ?? defaultTrustedComment(file);
  checkTrustedComment(trustedComment);
  checkKey(key);
  // Fail before hashing a large file when the answer is already known; the write below still
  // refuses to overwrite if the signature appears meanwhile.
  if (!options.overwrite && (await pathExists(signatureFile))) {
    throw new SignetError('exists', `${signatureFile} already exists; nothing was overwritten.`);
  }
  const digests = await (options.digest ?? digestFileFastest)(file, ['blake2b512', 'sha256'], {
    onProgress: options.onProgress,
    signal: options.signal,
  });
  const text = minisignSignatureText(digests.blake2b512!, key, trustedComment);
  if (options.signal?.aborted) throw new SignetError('cancelled', 'Cancelled.');
  await writeFileAtomic(signatureFile, text, { mode: 0o644, overwrite: options.overwrite === true });
  return {
    file,
    signatureFile,
    sha256: digests.sha256!.toString('hex'),
    blake2b512: new Uint8Array(digests.blake2b512!),
    keyId: keyIdFromKeyNum(key.keyNum),
    trustedComment,
  };
}

/**
 * The .minisig text for a file whose BLAKE2b-512 digest is given ('ED', prehashed). Refuses a
 * multi-line or over-long trusted comment (SignetError 'usage').
 */
export function minisignSignatureText(
  blake2b512: Uint8Array,
  key: MinisignSecretKey,
  trustedComment: string,
): string {
  checkTrustedComment(trustedComment);
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

export function checkTrustedComment(comment: string): void {
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
