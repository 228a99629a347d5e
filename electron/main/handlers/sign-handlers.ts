import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isHiddenCharacter } from '../../../shared/hidden-characters';
import type { SignOutcome } from '../../../shared/ipc/contract';
import { appendActivity } from '../../core/activity/activity-log';
import { plainMessage, SignetError } from '../../core/errors';
import type { MinisignSecretKey } from '../../core/formats/minisign/secret-key';
import { pathExists } from '../../core/fs/path-exists';
import { defaultTrustedComment, signFile } from '../../core/sign/sign-file';
import { writeSignedChecksumList } from '../../core/sign/write-checksum-list';
import type { JobRegistry } from './job-registry';
import { createProgressReporter } from './progress-reporter';
import type { HandlerDeps, Handlers, KeystorePort } from './types';

const CHECKSUM_LIST_NAME = 'SHA256SUMS';

/** Where signFile puts a file's signature by default, as minisign does. */
export function signatureFileFor(file: string): string {
  return `${file}.minisig`;
}

export function createSignHandlers(
  deps: HandlerDeps,
  jobs: JobRegistry,
  now: () => number,
): Pick<Handlers, 'signFiles' | 'existingSignatures' | 'previewTrustedComment'> {
  const log = (entry: { file: string; sha256: string; keyId: string; output: string }) =>
    appendActivity(deps.activityDir, { time: new Date(now()).toISOString(), ...entry });

  return {
    async existingSignatures({ files }) {
      const existing: string[] = [];
      for (const file of files) {
        if (await pathExists(signatureFileFor(file))) existing.push(file);
      }
      return { existing };
    },

    async previewTrustedComment({ file }) {
      return { trustedComment: defaultTrustedComment(file, new Date(now())) };
    },

    async signFiles(request) {
      const { jobId, keyId, files, overwrite } = request;
      const trustedComment = checkTrustedComment(request.trustedComment);
      return jobs.run(jobId, async (signal) => {
        const listPath = request.writeChecksumList ? checksumListPathFor(files) : undefined;
        if (listPath && !overwrite) await refuseExisting([listPath, signatureFileFor(listPath)]);

        const key = await unlockKey(deps.keystore, keyId, request.passphrase);
        // Off the main thread in the app (a worker), so signing a large file never freezes the window.
        const digest = deps.hashing ? { digest: deps.hashing.digestFile } : {};
        try {
          // The list goes first: if it cannot be written, nothing has been signed yet.
          let listResult: { checksumList: string; checksumListSignature: string } | undefined;
          if (listPath) {
            const written = await writeSignedChecksumList(files, key, {
              ...digest,
              listPath,
              overwrite,
              signal,
              ...(trustedComment === undefined ? {} : { trustedComment }),
            }).catch((error: unknown) => {
              if (error instanceof SignetError && error.kind === 'cancelled') {
                throw new SignetError('cancelled', 'Signing was cancelled. Nothing was signed.');
              }
              throw error;
            });
            listResult = { checksumList: written.listFile, checksumListSignature: written.signatureFile };
            await logQuietly(log, {
              file: written.listFile,
              sha256: await sha256Hex(written.listFile),
              keyId,
              output: written.signatureFile,
            });
          }

          const progress = createProgressReporter({ jobId, fileCount: files.length, emit: deps.emit, now });
          const outcomes: SignOutcome[] = [];
          for (const [index, file] of files.entries()) {
            if (signal.aborted) {
              outcomes.push({ file, error: 'Not signed: signing was cancelled.' });
              continue;
            }
            try {
              const signed = await signFile(file, key, {
                ...digest,
                trustedComment,
                overwrite,
                signal,
                onProgress: (p: { bytesDone: number; bytesTotal: number }) =>
                  progress.update(index, file, p.bytesDone, p.bytesTotal),
              });
              outcomes.push({ file, signatureFile: signed.signatureFile, sha256: signed.sha256 });
              await logQuietly(log, {
                file: signed.file,
                sha256: signed.sha256,
                keyId: signed.keyId,
                output: signed.signatureFile,
              });
            } catch (error) {
              outcomes.push({ file, error: notSignedReason(error) });
            }
          }
          return { outcomes, ...listResult };
        } finally {
          forget(key);
        }
      });
    },
  };
}

async function unlockKey(
  keystore: KeystorePort,
  keyId: string,
  passphrase: string,
): Promise<MinisignSecretKey> {
  try {
    return await keystore.unlock(keyId, passphrase);
  } catch (error) {
    if (error instanceof SignetError && error.kind === 'wrong-passphrase') {
      throw new SignetError(
        'wrong-passphrase',
        'That passphrase does not unlock this key. Nothing was signed.',
      );
    }
    throw error;
  }
}

/** Overwrites the decrypted seed so it does not linger in memory once the job is over. */
function forget(key: MinisignSecretKey): void {
  key.seed.fill(0);
}

function notSignedReason(error: unknown): string {
  if (error instanceof SignetError && error.kind === 'cancelled') return 'Not signed: signing was cancelled.';
  return plainMessage(error);
}

/** A checksum list names files relative to its own folder, so every file must sit in that folder. */
function checksumListPathFor(files: readonly string[]): string {
  const folders = new Set(files.map((file) => dirname(file)));
  const [folder] = folders;
  if (folders.size !== 1 || folder === undefined) {
    throw new SignetError(
      'usage',
      'To write a checksum list, all the files must be in the same folder. Nothing was signed.',
    );
  }
  return join(folder, CHECKSUM_LIST_NAME);
}

async function refuseExisting(paths: readonly string[]): Promise<void> {
  for (const path of paths) {
    if (await pathExists(path)) {
      throw new SignetError('exists', `${path} already exists. Nothing was signed or overwritten.`);
    }
  }
}

/** The signed comment is one line of the .minisig file: a line break or control character would break it. */
function checkTrustedComment(comment: string | undefined): string | undefined {
  if (comment === undefined || comment.trim() === '') return undefined;
  if ([...comment].some(breaksCommentLine)) {
    throw new SignetError(
      'usage',
      'The signed comment must be one line without control characters. Nothing was signed.',
    );
  }
  return comment;
}

function breaksCommentLine(ch: string): boolean {
  // minisign's own comments separate fields with tabs
  return ch !== '\t' && isHiddenCharacter(ch);
}

async function sha256Hex(path: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
}

/** The signature is already written: a log that cannot be appended to must not turn that into a failure. */
async function logQuietly<T>(log: (entry: T) => Promise<void>, entry: T): Promise<void> {
  try {
    await log(entry);
  } catch (error) {
    console.error('Signet could not add to the activity log:', plainMessage(error));
  }
}
