/** The digests Signet computes over files, by Node/OpenSSL name. */
export const DIGEST_ALGORITHMS = ['sha256', 'sha512', 'blake2b512'] as const;
export type DigestAlgorithm = (typeof DIGEST_ALGORITHMS)[number];

export type Digests = Partial<Record<DigestAlgorithm, Buffer>>;

export interface DigestProgress {
  bytesDone: number;
  bytesTotal: number;
}

export interface DigestOptions {
  /** Called as bytes are hashed; throttling is the caller's business. */
  onProgress?: (progress: DigestProgress) => void;
  signal?: AbortSignal;
  /** Refuse anything but a regular file (FIFOs, devices, folders) with a SignetError, unread. */
  regularOnly?: boolean;
}

export function isDigestAlgorithm(value: unknown): value is DigestAlgorithm {
  return typeof value === 'string' && (DIGEST_ALGORITHMS as readonly string[]).includes(value);
}
