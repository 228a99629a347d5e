import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseChecksumList } from '../checksums/parse-checksum-list';
import { plainMessage } from '../errors';
import type { RecheckResult } from './recheck-signatures';

/** A checksum file written beside a file (apache: FILE.sha512) and the digest its line must carry. */
export interface WrittenChecksum {
  file: string;
  checksumFile: string;
  algorithm: 'sha256' | 'sha512';
  /** From the signing read: checking it never reads the signed file again. */
  digest: Uint8Array;
}

/** One line for one file; anything much longer is not what was written. */
const MAX_CHECKSUM_FILE_BYTES = 16 * 1024;

/**
 * Reads every checksum file just written back from disk and parses it as `sha512sum -c` will: one
 * line, naming the file beside it, with the digest of the one read that was signed.
 */
export async function recheckChecksumFiles(
  written: readonly WrittenChecksum[],
): Promise<RecheckResult['failed']> {
  const failed: RecheckResult['failed'] = [];
  for (const output of written) {
    const problem = await problemOf(output).catch((error: unknown) => plainMessage(error));
    if (problem !== undefined)
      failed.push({ file: output.file, signatureFile: output.checksumFile, problem });
  }
  return failed;
}

async function problemOf(output: WrittenChecksum): Promise<string | undefined> {
  const bytes = await readFile(output.checksumFile);
  if (bytes.length > MAX_CHECKSUM_FILE_BYTES) return 'The checksum file holds more than the line written.';
  const entries = parseChecksumList(bytes.toString('utf8'));
  const [entry] = entries;
  if (!entry || entries.length !== 1) return 'The checksum file holds more than the line written.';
  if (entry.name !== basename(output.file)) return 'The checksum file names another file.';
  if (entry.algorithm !== output.algorithm || !entry.digest.equals(output.digest)) {
    return 'The checksum file does not match the file as it was signed.';
  }
  return undefined;
}
