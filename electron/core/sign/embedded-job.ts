import { appendActivity } from '../activity/activity-log';
import { SignetError } from '../errors';
import type { EmbeddedSigned, SigningSide } from '../formats/signing-side';
import type { KeyInfo, Keystore } from '../keystore/keystore';

export interface EmbeddedJob {
  files: readonly string[];
  /** The keystore record of the key, and the format that signs inside files with it. */
  info: KeyInfo;
  side: SigningSide;
  keystore: Pick<Keystore, 'readKeyFile'>;
  /**
   * Opens the stored key with the passphrase the caller asks for (the PKCS#12 password, or a
   * token's PIN): the terminal's prompt, or main's window with its retries.
   */
  unlock(open: (passphrase: string) => Promise<unknown>): Promise<unknown>;
  /** What to do with a file already signed (the person's choice, asked before the job). */
  existing(file: string): 'refuse' | 'replace' | 'nest';
  timestampUrls: readonly string[];
  timestampRoots: readonly Uint8Array[];
  description?: string;
  url?: string;
  /** An installer package: also sign its file list (MsiDigitalSignatureEx). */
  signFileList?: boolean;
  activityDir: string;
  now: () => Date;
  signal?: AbortSignal;
  report: {
    signed?(index: number, result: EmbeddedSigned): void;
    failed?(index: number, error: unknown): void;
    progress?(index: number, bytesDone: number, bytesTotal: number): void;
    logFailed?(error: unknown): void;
  };
}

export type EmbeddedOutcome = { file: string; signed: EmbeddedSigned } | { file: string; error: unknown };

/**
 * Signs files inside themselves (Authenticode), the same in the terminal and the app: the key
 * opened once (a wrong passphrase ends the job before any file is touched), each file signed and
 * logged, the key put away when the job ends. Each file is written whole or not at all; the caller
 * then verifies each with Signet's own verifier and shows the card a person checking it would see.
 */
export async function runEmbeddedSignJob(job: EmbeddedJob): Promise<EmbeddedOutcome[]> {
  if (!job.side.signEmbedded || !job.side.openStoredKey) {
    throw new SignetError('usage', 'This key does not sign inside files.');
  }
  const stored = await job.keystore.readKeyFile(job.info.id);
  const openStoredKey = job.side.openStoredKey;
  const key = await job.unlock((passphrase) => openStoredKey(stored, passphrase));
  const outcomes: EmbeddedOutcome[] = [];
  try {
    for (const [index, file] of job.files.entries()) {
      try {
        if (job.signal?.aborted) throw new SignetError('cancelled', 'Cancelled.');
        const signed = await job.side.signEmbedded({
          file,
          key,
          existing: job.existing(file),
          timestampUrls: job.timestampUrls,
          timestampRoots: job.timestampRoots,
          ...(job.description ? { description: job.description } : {}),
          ...(job.url ? { url: job.url } : {}),
          ...(job.signFileList ? { signFileList: true } : {}),
          ...(job.signal ? { signal: job.signal } : {}),
          onProgress: (done, total) => job.report.progress?.(index, done, total),
        });
        outcomes.push({ file, signed });
        job.report.signed?.(index, signed);
        await log(job, signed);
      } catch (error) {
        outcomes.push({ file, error });
        job.report.failed?.(index, error);
      }
    }
  } finally {
    await job.side.forgetKey?.(key);
  }
  return outcomes;
}

async function log(job: EmbeddedJob, signed: EmbeddedSigned): Promise<void> {
  try {
    await appendActivity(job.activityDir, {
      time: job.now().toISOString(),
      file: signed.file,
      // The activity log keeps a SHA-256; for an embedded signature it is the Authenticode digest signed.
      sha256: signed.digest.hex,
      keyId: job.info.keyId,
      output: signed.file,
      keyName: job.info.name,
    });
  } catch (error) {
    job.report.logFailed?.(error);
  }
}
