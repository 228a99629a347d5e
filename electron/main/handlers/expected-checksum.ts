import { SignetError } from '../../core/errors';

/** SHA-1 and MD5 are read so a person who pasted one is told what it is, not refused. */
export type ExpectedAlgorithm = 'sha256' | 'sha512' | 'sha1' | 'md5';

export interface ExpectedChecksum {
  algorithm: ExpectedAlgorithm;
  digest: Buffer;
}

const HEX_LENGTHS: Record<number, ExpectedAlgorithm> = { 32: 'md5', 40: 'sha1', 64: 'sha256', 128: 'sha512' };

/**
 * Reads a checksum pasted from a web page. People paste the bare hex, a "sha256:<hex>" form, or a whole
 * SHA256SUMS line; we take the one run of 32, 40, 64 or 128 hex digits (MD5, SHA-1, SHA-256, SHA-512)
 * and refuse anything ambiguous, so a partial or doubled paste is never compared.
 */
export function parseExpectedChecksum(pasted: string): ExpectedChecksum {
  const tokens = pasted
    .split(/[\s=():*]+/)
    .filter((token) => /^[0-9a-f]+$/i.test(token) && HEX_LENGTHS[token.length] !== undefined);
  const unique = [...new Set(tokens.map((token) => token.toLowerCase()))];
  const hex = unique[0];
  if (unique.length !== 1 || hex === undefined) {
    throw new SignetError(
      'malformed',
      unique.length > 1
        ? 'That text holds more than one checksum. Paste only the one for this file.'
        : 'That does not look like a SHA-256 or SHA-512 checksum. Paste the 64 or 128 letters and digits from the website.',
    );
  }
  return { algorithm: HEX_LENGTHS[hex.length]!, digest: Buffer.from(hex, 'hex') };
}
