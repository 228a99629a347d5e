import { resolve } from 'node:path';
import { SignetError } from '../errors';
import type { FormatId } from '../formats/format-module';
import { signingFormat } from '../formats/signing-formats';
import type { SignedAs, SigningSide } from '../formats/signing-side';
import { writeFileAtomic } from '../fs/atomic-write';
import { pathExists } from '../fs/path-exists';
import type { DigestOptions, Digests } from '../hashing/digest-algorithms';
import { digestFileFastest } from '../hashing/digest-file-fastest';
import type { DigestFn } from '../hashing/digest-fn';

export interface SignFileOptions extends DigestOptions {
  /** Signed along with the file; defaults to the format's own (minisign: `timestamp:<unix>\tfile:<name>\thashed`). */
  trustedComment?: string;
  /** Replace an existing signature. Without it an existing one is SignetError 'exists' and stays. */
  overwrite?: boolean;
  /** Defaults to the file's name and the format's suffix (`<file>.minisig`). */
  signatureFile?: string;
  /** How the file is hashed (default in-process); the app passes its worker-backed hasher. */
  digest?: DigestFn;
  /** The format to sign in (default minisign), reached through the registry. */
  format?: FormatId;
}

export interface SignFileResult {
  file: string;
  signatureFile: string;
  /** Lowercase hex SHA-256 of the signed bytes, for the activity log and the person signing. */
  sha256: string;
  /** The digests the one read produced, so a re-check need not hash the file again. */
  digests: Digests;
  /** The BLAKE2b-512 digest that was signed (minisign), so a re-check need not hash the file again. */
  blake2b512?: Uint8Array;
  keyId: string;
  trustedComment?: string;
  /** Every file written for it, when a release style writes several (FILE.asc and FILE.sha512). */
  outputs?: string[];
  /** A keyless signature's identity, issuer and log index. */
  signedAs?: SignedAs;
}

/** Where a format writes a file's signature by default (minisign: `<file>.minisig`). */
export function signatureFileFor(file: string, side: Pick<SigningSide, 'writes'>): string {
  return `${file}${side.writes[0]?.suffix ?? ''}`;
}

/**
 * Signs a file in a registered format (minisign by default, as `minisign -S` does: prehashed 'ED',
 * Ed25519 over the BLAKE2b-512 of the file plus a global signature over the trusted comment). The
 * file is read once, for the format's digests and the SHA-256 the activity log keeps; the signature
 * is written atomically and never replaces an existing one unless asked.
 */
export async function signFile<K>(
  path: string,
  key: K,
  options: SignFileOptions = {},
): Promise<SignFileResult> {
  const side = await signingFormat<K>(options.format);
  const file = resolve(path);
  const signatureFile = resolve(options.signatureFile ?? signatureFileFor(file, side));
  if (signatureFile === file) {
    throw new SignetError('usage', 'The signature cannot be written over the file it signs.');
  }
  const given = side.checkComment ? side.checkComment(options.trustedComment) : options.trustedComment;
  const trustedComment = given ?? side.defaultComment?.(file, new Date());
  side.checkKey(key);
  // Fail before hashing a large file when the answer is already known; the write below still
  // refuses to overwrite if the signature appears meanwhile.
  if (!options.overwrite && (await pathExists(signatureFile))) {
    throw new SignetError('exists', `${signatureFile} already exists; nothing was overwritten.`);
  }
  const digests = await (options.digest ?? digestFileFastest)(file, [...side.digests, 'sha256'], {
    onProgress: options.onProgress,
    signal: options.signal,
  });
  const signed = await side.sign({
    file,
    digests,
    key,
    ...(trustedComment !== undefined ? { comment: trustedComment } : {}),
  });
  if (signed.write !== 'beside') {
    throw new SignetError('usage', 'Signing inside the file is not supported here yet.');
  }
  if (options.signal?.aborted) throw new SignetError('cancelled', 'Cancelled.');
  await writeFileAtomic(signatureFile, signed.content, {
    mode: 0o644,
    overwrite: options.overwrite === true,
  });
  return {
    file,
    signatureFile,
    sha256: digests.sha256!.toString('hex'),
    digests,
    ...(digests.blake2b512 ? { blake2b512: new Uint8Array(digests.blake2b512) } : {}),
    keyId: side.keyId(key),
    ...(signed.comment !== undefined ? { trustedComment: signed.comment } : {}),
    ...(signed.signedAs ? { signedAs: signed.signedAs } : {}),
  };
}
