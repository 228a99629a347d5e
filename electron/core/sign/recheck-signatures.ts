import { readFile } from 'node:fs/promises';
import { plainMessage } from '../errors';
import { parseMinisignPublicKey } from '../formats/minisign/public-key';
import {
  MAX_SIGNATURE_TEXT_BYTES,
  parseMinisignSignature,
  verifyMinisignSignature,
} from '../formats/minisign/signature';
import { digestFile } from '../hashing/digest-file';
import type { DigestFn } from '../hashing/digest-fn';

export interface WrittenSignature {
  file: string;
  signatureFile: string;
  /**
   * The digest the signature was made over, from the signing read (which refuses a file that
   * changed while it was read). Without it, the file is hashed again.
   */
  blake2b512?: Uint8Array;
}

export interface RecheckResult {
  /** How many signatures were read back and checked. */
  checked: number;
  /** Each output that did not check out, with why, in plain words. */
  failed: Array<WrittenSignature & { problem: string }>;
}

/**
 * Reads every signature just written back from disk and checks it against the public key, the way
 * anyone who downloads the files will: what is on disk, not what was meant to be written. Over the
 * digest the signing read produced when it is given: a second hash of a 1 GiB file would double
 * the time signing takes and prove nothing the first read did not.
 */
export async function recheckSignatures(
  publicKeyBase64: string,
  written: readonly WrittenSignature[],
  options: { digest?: DigestFn; signal?: AbortSignal } = {},
): Promise<RecheckResult> {
  const key = parseMinisignPublicKey(publicKeyBase64);
  const failed: RecheckResult['failed'] = [];
  for (const output of written) {
    try {
      const text = await readFile(output.signatureFile);
      if (text.length > MAX_SIGNATURE_TEXT_BYTES) throw new Error('The signature file is too large.');
      const signature = parseMinisignSignature(text);
      const signed =
        signature.algorithm === 'ED'
          ? {
              blake2b512:
                output.blake2b512 ??
                (
                  await (options.digest ?? digestFile)(output.file, ['blake2b512'], {
                    signal: options.signal,
                  })
                ).blake2b512,
            }
          : { message: await readFile(output.file) };
      const check = verifyMinisignSignature(signature, key, signed);
      if (!check.ok) failed.push({ ...output, problem: PROBLEMS[check.problem] });
    } catch (error) {
      failed.push({ ...output, problem: plainMessage(error) });
    }
  }
  return { checked: written.length, failed };
}

const PROBLEMS = {
  'key-mismatch': 'The signature names another key.',
  'bad-signature': 'The signature does not match the file as it is now.',
  'bad-global-signature': 'The signed comment does not match the signature.',
} as const;
