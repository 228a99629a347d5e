import { statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { SignetError } from '../errors';
import type { FormatDescriptor, FormatId } from '../formats/format-module';
import { FORMATS } from '../formats/registry';
import { DEFAULT_SIGNING_FORMAT } from '../formats/signing-formats';
import { type ContentPlan, type ContentResult, emptyPlan } from '../hashing/content-plan';
import type { DigestAlgorithm, DigestProgress, Digests } from '../hashing/digest-algorithms';
import { digestFileFastest } from '../hashing/digest-file-fastest';
import type { DigestFn } from '../hashing/digest-fn';
import { abandonEarlyContent, earlyContentFor, startEarlyPasses } from '../hashing/early-content';
import { snapshotOf } from '../hashing/file-snapshot';
import { PARALLEL_DIGESTS_MIN_BYTES } from '../limits';
import { readForSigning, type SigningReader } from './read-for-signing';

/**
 * `signet sign` of a large file starts its one read as soon as the key's kind is known, so the
 * hashing runs while the format's module loads, the passphrase is read and the key is opened
 * (openpgp.js and its S2K: ~100 ms on the critical path otherwise). What is read comes from the
 * format's light facts (FormatFacts.signingReads), as running hashes of the early read
 * (core/hashing/early-content.ts): each signature's H(content ‖ trailer) is answered from them once
 * the key gives the trailer. The job takes the read only for hashes those cover, of the same file
 * unchanged; anything else abandons it and reads as before. `abandon` must run when the command ends.
 */
export interface EarlySigningRead {
  /** For signFile and the checksum list: the early digests of the first file, else `digestFileFastest`. */
  digest: DigestFn;
  /** For a styled job: the early read of the first file, else readForSigning. */
  read: SigningReader;
  abandon(): void;
}

/**
 * Starts reading `file` for a key of `signer.kind`, or for `signer.format` (keyless), or else for
 * a key file (which signs in the default format), signing in `style` (the format's default when
 * not named). Undefined when nothing is worth starting: a small file, a style that signs a list, a
 * kind no format describes.
 */
export async function startEarlySigningRead(
  file: string,
  signer: { kind?: string; format?: FormatId },
  style: string | undefined,
): Promise<EarlySigningRead | undefined> {
  const passes = plannedPasses(signer, style);
  if (!passes) return undefined;
  const path = resolve(file);
  const stats = await stat(path).catch(() => undefined);
  if (!stats?.isFile() || stats.size < PARALLEL_DIGESTS_MIN_BYTES) return undefined;
  startEarlyPasses(path, stats, passes);
  let started = true;
  /** The early answer for the job's first ask, when it covers it; undefined: read as usual. */
  const take = async (
    asked: string,
    plan: ContentPlan,
    options: { onProgress?: (progress: DigestProgress) => void; signal?: AbortSignal },
  ): Promise<ContentResult | undefined> => {
    if (!started) return undefined;
    started = false;
    try {
      const now = resolve(asked) === path ? statSync(path) : undefined;
      const result =
        now?.isFile() === true
          ? await earlyContentFor({ size: now.size, snapshot: snapshotOf(now) }, plan, options.signal)
          : undefined;
      if (options.signal?.aborted) throw new SignetError('cancelled', 'Cancelled.');
      if (result) options.onProgress?.({ bytesDone: result.size, bytesTotal: result.size });
      return result;
    } finally {
      abandonEarlyContent();
    }
  };
  return {
    digest: async (asked, algorithms, options = {}) => {
      const early = await take(asked, { ...emptyPlan(), digests: [...algorithms] }, options);
      if (!early) return digestFileFastest(asked, algorithms, options);
      return Object.fromEntries(
        Object.entries(early.digests).map(([algorithm, digest]) => [algorithm, Buffer.from(digest)]),
      ) as Digests;
    },
    read: async (asked, read, options) => {
      const plan = { ...emptyPlan(), digests: [...read.digests], suffixed: read.suffixed };
      return (await take(asked, plan, options)) ?? readForSigning(asked, read, options);
    },
    abandon: () => {
      if (started) abandonEarlyContent();
      started = false;
    },
  };
}

/**
 * The running hashes a job of this kind and style will need of each file, mirroring sign-file.ts
 * (the format's digests and the log's SHA-256) and styled-job.ts (the log's SHA-256; each
 * signature hashed with the format's first digest and a trailer, each checksum file's digest).
 */
function plannedPasses(
  { kind, format }: { kind?: string; format?: FormatId },
  styleName: string | undefined,
): DigestAlgorithm[] | undefined {
  const signs = (d: FormatDescriptor) =>
    kind !== undefined ? signsWith(d, kind) : d.id === (format ?? DEFAULT_SIGNING_FORMAT);
  const reads = FORMATS.find((d) => d.signingReads && signs(d))?.signingReads;
  if (!reads) return undefined;
  if (!reads.styles) {
    // A named style for a format without styles writes a checksum list, hashed through it.
    return styleName === undefined ? [...new Set([...reads.digests, 'sha256' as const])] : undefined;
  }
  const style = styleName === undefined ? reads.styles[0] : reads.styles.find((s) => s.name === styleName);
  const algorithm = reads.digests[0];
  if (!style || style.list || (algorithm !== 'sha256' && algorithm !== 'sha512')) return undefined;
  return [...new Set(['sha256' as const, algorithm, ...style.checksums.map((c) => c.algorithm)])];
}

/** As signingFormatForKey guesses first: the format named after the kind, or one that trusts it. */
const signsWith = (descriptor: FormatDescriptor, kind: string) =>
  descriptor.id === kind || descriptor.accepts.includes(kind);
