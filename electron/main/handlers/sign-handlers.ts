import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isHiddenCharacter } from '../../../shared/hidden-characters';
import type { SignOutcome, SignRecheck } from '../../../shared/ipc/contract';
import { appendActivity } from '../../core/activity/activity-log';
import { plainMessage, SignetError } from '../../core/errors';
import type { MinisignSecretKey } from '../../core/formats/minisign/secret-key';
import { pathExists } from '../../core/fs/path-exists';
import { recheckSignatures, type WrittenSignature } from '../../core/sign/recheck-signatures';
import { defaultTrustedComment, signFile } from '../../core/sign/sign-file';
import { writeSignedChecksumList } from '../../core/sign/write-checksum-list';
import { keyPrompt, unlockWithPrompts } from './ask-passphrase';
import type { JobRegistry } from './job-registry';
import { createProgressReporter } from './progress-reporter';
import { confirmSignPlan } from './sign-confirm';
import type { HandlerDeps, Handlers } from './types';

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
  return {
    async existingSignatures({ files }) {
      const real = await deps.grants.resolveFiles(files, 'sign');
      const existing: string[] = [];
      for (const [index, file] of real.entries()) {
        if (await pathExists(signatureFileFor(file))) existing.push(files[index]!);
      }
      return { existing };
    },

    async previewTrustedComment({ file }) {
      const real = await deps.grants.resolveFile(file, 'sign');
      return { trustedComment: defaultTrustedComment(real, new Date(now())) };
    },

    async signFiles(request) {
      const { jobId, keyId } = request;
      const trustedComment = checkTrustedComment(request.trustedComment);
      // Only files the person handed over; the outputs are main's choice, beside them.
      const files = await deps.grants.resolveFiles(request.files, 'sign');
      const keyInfo = (await deps.keystore.list()).find((candidate) => candidate.id === keyId);
      if (!keyInfo)
        throw new SignetError('usage', 'That key is not in your keystore any more. Nothing was signed.');
      const listPath = request.writeChecksumList ? checksumListPathFor(files) : undefined;
      const listOutputs = listPath ? [listPath, signatureFileFor(listPath)] : [];
      const answer = await confirmSignPlan(deps, {
        key: keyInfo,
        files,
        outputs: [...listOutputs, ...files.map(signatureFileFor)],
        trustedComment,
      });
      const skipList = listOutputs.some((output) => answer.skip.has(output));
      const log = (entry: { file: string; sha256: string; output: string }) =>
        appendActivity(deps.activityDir, {
          time: new Date(now()).toISOString(),
          ...entry,
          keyId: keyInfo.keyId,
          keyName: keyInfo.name,
        });
      return jobs.run(jobId, async (signal) => {
        const key = await unlockWithPrompts(
          deps.passphrases,
          (passphrase) => deps.keystore.unlock(keyId, passphrase),
          keyPrompt(keyInfo, `to sign ${describeFiles(files)}`),
          'Nothing was signed.',
        );
        // Off the main thread in the app (a worker), so signing a large file never freezes the window.
        const digest = deps.hashing ? { digest: deps.hashing.digestFile } : {};
        const written: WrittenSignature[] = [];
        try {
          // The list goes first: if it cannot be written, nothing has been signed yet.
          let listResult: { checksumList: string; checksumListSignature: string } | undefined;
          if (listPath && !skipList) {
            const listed = await writeSignedChecksumList(files, key, {
              ...digest,
              listPath,
              // Replaced only when the person said so in main's own dialog, and only those files.
              overwrite: listOutputs.some((output) => answer.replace.has(output)),
              signal,
              ...(trustedComment === undefined ? {} : { trustedComment }),
            }).catch((error: unknown) => {
              if (error instanceof SignetError && error.kind === 'cancelled') {
                throw new SignetError('cancelled', 'Signing was cancelled. Nothing was signed.');
              }
              throw error;
            });
            deps.grants.grant([listed.listFile], 'written-list');
            deps.grants.grant([listed.signatureFile], 'written');
            listResult = { checksumList: listed.listFile, checksumListSignature: listed.signatureFile };
            written.push({ file: listed.listFile, signatureFile: listed.signatureFile });
            await logQuietly(log, {
              file: listed.listFile,
              sha256: await sha256Hex(listed.listFile),
              output: listed.signatureFile,
            });
          }

          const progress = createProgressReporter({ jobId, fileCount: files.length, emit: deps.emit, now });
          const outcomes: SignOutcome[] = [];
          for (const [index, file] of files.entries()) {
            const asked = request.files[index]!;
            if (answer.skip.has(signatureFileFor(file))) {
              outcomes.push({ file: asked, skipped: true });
              continue;
            }
            if (signal.aborted) {
              outcomes.push({ file: asked, error: 'Not signed: signing was cancelled.' });
              continue;
            }
            try {
              const signed = await signFile(file, key, {
                ...digest,
                trustedComment,
                overwrite: answer.replace.has(signatureFileFor(file)),
                regularOnly: true,
                signal,
                onProgress: (p: { bytesDone: number; bytesTotal: number }) =>
                  progress.update(index, asked, p.bytesDone, p.bytesTotal),
              });
              deps.grants.grant([signed.signatureFile], 'written');
              outcomes.push({ file: asked, signatureFile: signed.signatureFile, sha256: signed.sha256 });
              written.push({
                file: signed.file,
                signatureFile: signed.signatureFile,
                blake2b512: signed.blake2b512,
              });
              await logQuietly(log, {
                file: signed.file,
                sha256: signed.sha256,
                output: signed.signatureFile,
              });
            } catch (error) {
              outcomes.push({ file: asked, error: notSignedReason(error) });
            }
          }
          // Every output read back from disk and checked against the public key, as others will.
          const checked = await recheckSignatures(keyInfo.publicKey, written, digest);
          const recheck: SignRecheck = {
            checked: checked.checked,
            failed: checked.failed.map(({ signatureFile, problem }) => ({ file: signatureFile, problem })),
            keyName: keyInfo.name,
            keyId: keyInfo.keyId,
          };
          return { outcomes, ...listResult, ...(skipList ? { checksumListSkipped: true } : {}), recheck };
        } finally {
          forget(key);
        }
      });
    },
  };
}

function describeFiles(files: readonly string[]): string {
  return files.length === 1 ? basename(files[0]!) : `${files.length} files`;
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
