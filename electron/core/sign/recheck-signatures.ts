import { readFile } from 'node:fs/promises';
import { plainMessage } from '../errors';
import type { FormatId } from '../formats/format-module';
import { signingFormat } from '../formats/signing-formats';
import type { DigestAlgorithm, Digests } from '../hashing/digest-algorithms';
import { digestFile } from '../hashing/digest-file';
import type { DigestFn } from '../hashing/digest-fn';
import { readForSigning } from './read-for-signing';

export interface WrittenSignature {
  file: string;
  signatureFile: string;
  /**
   * The digest the signature was made over, from the signing read (which refuses a file that
   * changed while it was read). Without it, the file is hashed again.
   */
  blake2b512?: Uint8Array;
  /** Every digest the signing read produced, for formats that sign over others. */
  digests?: Digests;
  /** H(content ‖ suffix) the signing read produced, for formats that hash a trailer (OpenPGP). */
  suffixed?: { suffix: Uint8Array; digest: Uint8Array }[];
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
 * digests the signing read produced when they are given: a second hash of a 1 GiB file would
 * double the time signing takes and prove nothing the first read did not.
 */
export async function recheckSignatures(
  publicKey: string,
  written: readonly WrittenSignature[],
  options: { digest?: DigestFn; signal?: AbortSignal; format?: FormatId; key?: unknown } = {},
): Promise<RecheckResult> {
  const side = await signingFormat(options.format);
  const failed: RecheckResult['failed'] = [];
  for (const output of written) {
    try {
      const known: Digests = {
        ...output.digests,
        ...(output.blake2b512 ? { blake2b512: Buffer.from(output.blake2b512) } : {}),
      };
      const problem = await side.recheck({
        signature: await readFile(output.signatureFile),
        publicKey,
        digests: async (algorithms: readonly DigestAlgorithm[]) => {
          const missing = algorithms.filter((a) => known[a] === undefined);
          if (missing.length === 0) return known;
          return {
            ...known,
            ...(await (options.digest ?? digestFile)(output.file, missing, { signal: options.signal })),
          };
        },
        readFile: async () => new Uint8Array(await readFile(output.file)),
        suffixedDigest: async (algorithm, suffix) => {
          const known = output.suffixed?.find((s) => Buffer.from(s.suffix).equals(suffix));
          if (known) return known.digest;
          const read = await readForSigning(
            output.file,
            { digests: [], suffixed: [{ algorithm, suffix }] },
            {
              ...(options.signal ? { signal: options.signal } : {}),
            },
          );
          return read.suffixed[0] as Uint8Array;
        },
        ...(options.key !== undefined ? { key: options.key } : {}),
      });
      if (problem !== undefined) failed.push({ ...output, problem });
    } catch (error) {
      failed.push({ ...output, problem: plainMessage(error) });
    }
  }
  return { checked: written.length, failed };
}
