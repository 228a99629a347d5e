import { dirname, join, resolve } from 'node:path';
import { appendActivity } from '../activity/activity-log';
import { SignetError } from '../errors';
import type { FormatId } from '../formats/format-module';
import { signingFormat } from '../formats/signing-formats';
import type { ReleaseStyle, SignedAs, SigningSide } from '../formats/signing-side';
import type { DigestFn } from '../hashing/digest-fn';
import type { SigningReader } from './read-for-signing';
import { recheckChecksumFiles } from './recheck-checksums';
import { type RecheckResult, recheckSignatures, type WrittenSignature } from './recheck-signatures';
import { type SignFileResult, signatureFileFor, signFile } from './sign-file';
import { runStyledJob, styledOutputs } from './styled-job';
import { type SignedChecksumList, writeSignedChecksumList } from './write-checksum-list';

/** The name of the signed checksum list a signing job writes beside the files it signs. */
export const CHECKSUM_LIST_NAME = 'SHA256SUMS';

/**
 * Where a job's checksum list goes: a list names files relative to its own folder, so every file
 * must sit in that folder (SignetError 'usage' otherwise, before anything is signed).
 */
export function checksumListPath(files: readonly string[], name: string = CHECKSUM_LIST_NAME): string {
  const folders = new Set(files.map((file) => dirname(resolve(file))));
  const [folder] = folders;
  if (folders.size !== 1 || folder === undefined) {
    throw new SignetError(
      'usage',
      'To write a checksum list, all the files must be in the same folder. Nothing was signed.',
    );
  }
  return join(folder, name);
}

/**
 * The release style a job signs in: one the format names (OpenPGP: apache, node, debian; the
 * first by default), or undefined for a format with none, whose own way (minisign's, with its
 * optional SHA256SUMS) is then the one style, named after the format. SignetError 'usage' otherwise.
 */
export async function releaseStyleOf(format: FormatId, asked?: string): Promise<ReleaseStyle | undefined> {
  const side = await signingFormat(format);
  if (!side.styles) {
    if (asked === undefined || asked === format) return undefined;
    throw new SignetError('usage', `This key signs only in the ${format} style. Nothing was signed.`);
  }
  const style = asked === undefined ? side.styles[0] : side.styles.find((s) => s.name === asked);
  if (!style) {
    throw new SignetError(
      'usage',
      `This key signs in the ${side.styles.map((s) => s.name).join(', ')} styles, not "${asked}". Nothing was signed.`,
    );
  }
  return style;
}

/** Every file a job in this style writes (for the preflight), the list's first. */
export function plannedStyleOutputs(files: readonly string[], style: ReleaseStyle): string[] {
  const planned = styledOutputs(files, style);
  return [
    ...(planned.list ? [planned.list.path, ...planned.list.signatures] : []),
    ...planned.perFile.flatMap((entry) => [...entry.signatures, ...entry.checksums]),
  ];
}

/** Where the job's format writes a file's signature (minisign: `<file>.minisig`). */
export async function signatureFileOf(file: string, format?: FormatId): Promise<string> {
  return signatureFileFor(file, await signingFormat(format));
}

/** The signed comment as the format will sign it: undefined for the default, SignetError for one it cannot carry. */
export async function checkSignedComment(
  comment: string | undefined,
  format?: FormatId,
): Promise<string | undefined> {
  const side = await signingFormat(format);
  return side.checkComment ? side.checkComment(comment) : comment;
}

/** The comment the format signs when the person gives none, for the app to show before signing. */
export async function defaultSignedComment(
  file: string,
  now: Date,
  format?: FormatId,
): Promise<string | undefined> {
  return (await signingFormat(format)).defaultComment?.(file, now);
}

/** The key a job signs with: its secret half (wiped when the job ends) and what the log records. */
export interface JobKey<K> {
  secret: K;
  /** The public key, in the format's text form (minisign: bare base64), for the re-check. */
  publicKey: string;
  keyId: string;
  /** The keystore's name for it; absent for a key file given on the command line. */
  name?: string;
  /** Its fingerprint, for kinds that have one (OpenPGP), for the activity log. */
  fingerprint?: string;
  /** Overwrites the secret once the job is over, so it does not linger in memory. */
  forget(): void;
}

export interface SignJob<K> {
  /** The files to sign, as paths on disk. */
  files: readonly string[];
  key: JobKey<K>;
  format?: FormatId;
  /** A release style the format names (releaseStyleOf); the format's default style when it has some. */
  style?: ReleaseStyle;
  /** Checked by the caller with checkSignedComment; undefined for the format's default. */
  comment?: string;
  /** Write and sign a checksum list first, at this path (checksumListPath). */
  list?: { path: string; overwrite: boolean };
  /** Whether an existing output may be replaced (the person said so). */
  overwrite(output: string): boolean;
  /** Whether to leave a file unsigned (its signature exists and the person chose to keep it). */
  skip(file: string, signatureFile: string): boolean | Promise<boolean>;
  /** The app's worker-backed hasher; in-process by default. */
  digest?: DigestFn;
  /** How a styled job reads each file (readForSigning by default; the CLI's early read). */
  read?: SigningReader;
  signal?: AbortSignal;
  /** Only regular files are signed (the app's: a path handed over may have been swapped). */
  regularOnly?: boolean;
  activityDir: string;
  now: () => Date;
  /** How the caller reports, as each step happens. */
  report: SignJobReport;
}

interface SignJobReport {
  listSigned?(list: SignedChecksumList): void;
  signed?(index: number, result: SignFileResult): void;
  skipped?(index: number, signatureFile: string): void;
  failed?(index: number, error: unknown): void;
  progress?(index: number, bytesDone: number, bytesTotal: number): void;
  /** A log entry that could not be written: a warning, never a failure (the signature is written). */
  logFailed?(error: unknown): void;
}

export interface SignJobResult {
  list?: SignedChecksumList;
  /** One per file, in order. */
  outcomes: FileOutcome[];
  /** Every signature written, read back from disk and checked against the public key. */
  recheck: RecheckResult;
}

type FileOutcome =
  | { file: string; signed: SignFileResult }
  | { file: string; skipped: true; signatureFile: string }
  | { file: string; error: unknown };

/**
 * One signing job, the same in the terminal and the app: the checksum list first (if it cannot be
 * written, nothing has been signed yet, and its error ends the job), then each file, each output
 * logged in the activity journal the app shows, then every signature written read back from disk
 * and checked as others will check it. The key is forgotten when the job ends. Callers keep only
 * how they ask (terminal prompt or passphrase window, replace confirmations) and how they report.
 */
export async function runSignJob<K>(job: SignJob<K>): Promise<SignJobResult> {
  const side = await signingFormat<K>(job.format);
  if (side.styles) return runStyledSignJob(job, side, job.style ?? (side.styles[0] as ReleaseStyle));
  const written: WrittenSignature[] = [];
  const outcomes: FileOutcome[] = [];
  const digest = job.digest ? { digest: job.digest } : {};
  const format = job.format ? { format: job.format } : {};
  const log = (file: string, sha256: string, output: string, signedAs?: SignedAs) =>
    logSigning(job, file, sha256, output, signedAs);
  let list: SignedChecksumList | undefined;
  try {
    if (job.list) {
      list = await writeSignedChecksumList([...job.files], job.key.secret, {
        ...digest,
        ...format,
        listPath: job.list.path,
        overwrite: job.list.overwrite,
        ...(job.signal ? { signal: job.signal } : {}),
        ...(job.comment !== undefined ? { trustedComment: job.comment } : {}),
      });
      job.report.listSigned?.(list);
      written.push({ file: list.listFile, signatureFile: list.signatureFile, digests: list.digests });
      await log(list.listFile, list.sha256, list.signatureFile);
    }
    for (const [index, file] of job.files.entries()) {
      const signatureFile = await signatureFileOf(resolve(file), job.format);
      if (await job.skip(file, signatureFile)) {
        outcomes.push({ file, skipped: true, signatureFile });
        job.report.skipped?.(index, signatureFile);
        continue;
      }
      try {
        if (job.signal?.aborted) throw new SignetError('cancelled', 'Cancelled.');
        const signed = await signFile(file, job.key.secret, {
          ...digest,
          ...format,
          ...(job.comment !== undefined ? { trustedComment: job.comment } : {}),
          overwrite: job.overwrite(signatureFile),
          ...(job.regularOnly ? { regularOnly: true } : {}),
          ...(job.signal ? { signal: job.signal } : {}),
          onProgress: (p) => job.report.progress?.(index, p.bytesDone, p.bytesTotal),
        });
        outcomes.push({ file, signed });
        written.push({ file: signed.file, signatureFile: signed.signatureFile, digests: signed.digests });
        job.report.signed?.(index, signed);
        await log(signed.file, signed.sha256, signed.signatureFile, signed.signedAs);
      } catch (error) {
        outcomes.push({ file, error });
        job.report.failed?.(index, error);
      }
    }
  } finally {
    job.key.forget();
  }
  // The key goes along for a format whose check needs more than the public key (a keyless login's root and identity).
  const recheck = await recheckSignatures(job.key.publicKey, written, {
    ...digest,
    ...format,
    key: job.key.secret,
  });
  return { ...(list ? { list } : {}), outcomes, recheck };
}

/** A job in a release style (styled-job.ts), logged and re-checked as any other. */
async function runStyledSignJob<K>(
  job: SignJob<K>,
  side: SigningSide<K>,
  style: ReleaseStyle,
): Promise<SignJobResult> {
  let styled: Awaited<ReturnType<typeof runStyledJob<K>>>;
  try {
    styled = await runStyledJob(
      {
        files: job.files,
        key: job.key.secret,
        created: job.now(),
        overwrite: job.overwrite,
        skip: job.skip,
        ...(job.signal ? { signal: job.signal } : {}),
        ...(job.read ? { read: job.read } : {}),
        log: (file, sha256, output) => logSigning(job, file, sha256, output),
        report: job.report,
      },
      side,
      style,
    );
  } finally {
    job.key.forget();
  }
  const format = job.format ? { format: job.format } : {};
  // The checksum files are read back too, against the digests the one read gave (no second read).
  const [signatures, checksums] = await Promise.all([
    recheckSignatures(job.key.publicKey, styled.written, format),
    recheckChecksumFiles(styled.checksums),
  ]);
  const recheck = { checked: signatures.checked, failed: [...signatures.failed, ...checksums] };
  return { ...(styled.list ? { list: styled.list } : {}), outcomes: styled.outcomes, recheck };
}

/** Signings go to the journal the app shows; a log that cannot be written is a warning, not a failure. */
async function logSigning<K>(
  job: SignJob<K>,
  file: string,
  sha256: string,
  output: string,
  signedAs?: SignedAs,
): Promise<void> {
  try {
    await appendActivity(job.activityDir, {
      time: job.now().toISOString(),
      file,
      sha256,
      keyId: job.key.keyId,
      output,
      ...(job.key.name ? { keyName: job.key.name } : {}),
      ...(job.format ? { format: job.format } : {}),
      ...(job.key.fingerprint ? { fingerprint: job.key.fingerprint } : {}),
      ...(signedAs ?? {}),
    });
  } catch (error) {
    job.report.logFailed?.(error);
  }
}
