import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { FormatDescriptor, FormatId } from '../formats/format-module';
import { FORMATS } from '../formats/registry';
import { DEFAULT_SIGNING_FORMAT } from '../formats/signing-formats';
import type { DigestAlgorithm, Digests } from '../hashing/digest-algorithms';
import { digestFileFastest } from '../hashing/digest-file-fastest';
import type { DigestFn } from '../hashing/digest-fn';
import { PARALLEL_DIGESTS_MIN_BYTES } from '../limits';
import {
  readForSigning,
  type SigningReader,
  type StartedSigningRead,
  startSigningRead,
} from './read-for-signing';

/**
 * `signet sign` of a large file starts its one read as soon as the key's kind is known, so the
 * hashing runs while the format's module loads, the passphrase is read and the key is opened
 * (openpgp.js and its S2K: ~100 ms on the critical path otherwise). What is read comes from the
 * format's light facts (FormatFacts.signingReads); the job takes the read only when it asks for
 * exactly those digests of that file, and gives the signatures' trailers once the key is open.
 * Anything else abandons it and reads as before. `abandon` must run when the command ends.
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
  const planned = plannedRead(signer, style);
  if (!planned) return undefined;
  const path = resolve(file);
  const size = await stat(path).then(
    (info) => (info.isFile() ? info.size : 0),
    () => 0,
  );
  if (size < PARALLEL_DIGESTS_MIN_BYTES) return undefined;
  let started: StartedSigningRead | undefined = startSigningRead(path, planned);
  /** The read once, when the job's first ask is the one it makes; abandoned otherwise. */
  const take = (asked: string, digests: readonly DigestAlgorithm[], suffixed: readonly string[]) => {
    const early = started;
    started = undefined;
    if (!early) return undefined;
    const same =
      resolve(asked) === early.path &&
      sameSet(digests, early.digests) &&
      suffixed.length === early.suffixed.length &&
      suffixed.every((algorithm, index) => algorithm === early.suffixed[index]);
    if (same) return early;
    early.abandon();
    return undefined;
  };
  return {
    digest: async (asked, algorithms, options = {}) => {
      const early = take(asked, algorithms, []);
      if (!early) return digestFileFastest(asked, algorithms, options);
      options.signal?.addEventListener('abort', () => early.abandon(), { once: true });
      const result = await early.finish([], options.onProgress);
      return Object.fromEntries(
        Object.entries(result.digests).map(([algorithm, digest]) => [algorithm, Buffer.from(digest)]),
      ) as Digests;
    },
    read: (asked, read, options) => {
      const early = take(
        asked,
        read.digests,
        read.suffixed.map((s) => s.algorithm),
      );
      if (!early) return readForSigning(asked, read, options);
      options.signal?.addEventListener('abort', () => early.abandon(), { once: true });
      return early.finish(
        read.suffixed.map((s) => s.suffix),
        options.onProgress,
      );
    },
    abandon: () => {
      started?.abandon();
      started = undefined;
    },
  };
}

/**
 * What a job of this kind and style will read of each file, mirroring sign-file.ts (the format's
 * digests and the log's SHA-256) and styled-job.ts (the log's SHA-256; each signature hashed with
 * the format's first digest and a trailer, each checksum file's plain digest).
 */
function plannedRead(
  { kind, format }: { kind?: string; format?: FormatId },
  styleName: string | undefined,
): { digests: DigestAlgorithm[]; suffixed: ('sha256' | 'sha512')[] } | undefined {
  const signs = (d: FormatDescriptor) =>
    kind !== undefined ? signsWith(d, kind) : d.id === (format ?? DEFAULT_SIGNING_FORMAT);
  const reads = FORMATS.find((d) => d.signingReads && signs(d))?.signingReads;
  if (!reads) return undefined;
  if (!reads.styles) {
    // A named style for a format without styles writes a checksum list, hashed through it.
    return styleName === undefined
      ? { digests: [...new Set([...reads.digests, 'sha256' as const])], suffixed: [] }
      : undefined;
  }
  const style = styleName === undefined ? reads.styles[0] : reads.styles.find((s) => s.name === styleName);
  const algorithm = reads.digests[0];
  if (!style || style.list || (algorithm !== 'sha256' && algorithm !== 'sha512')) return undefined;
  return {
    digests: ['sha256'],
    suffixed: [...style.perFile.map(() => algorithm), ...style.checksums.map((c) => c.algorithm)],
  };
}

/** As signingFormatForKey guesses first: the format named after the kind, or one that trusts it. */
const signsWith = (descriptor: FormatDescriptor, kind: string) =>
  descriptor.id === kind || descriptor.accepts.includes(kind);

const sameSet = (a: readonly string[], b: readonly string[]) =>
  new Set(a).size === new Set(b).size && a.every((x) => b.includes(x));
