import { basename } from 'node:path';
import type { SignOutcome, SignRecheck } from '../../../shared/ipc/contract';
import { plainMessage, SignetError } from '../../core/errors';
import { embeddedSigningFor } from '../../core/formats/key-files';
import { signingFormatForKey } from '../../core/formats/signing-formats';
import { pathExists } from '../../core/fs/path-exists';
import {
  checkSignedComment,
  checksumListPath,
  defaultSignedComment,
  releaseStyleOf,
  runSignJob,
  signatureFileOf,
} from '../../core/sign/sign-job';
import { keyPrompt, unlockWithPrompts } from './ask-passphrase';
import type { JobRegistry } from './job-registry';
import { createProgressReporter } from './progress-reporter';
import { confirmSignPlan } from './sign-confirm';
import { signInside } from './sign-inside';
import { signInStyle } from './sign-styled';
import type { HandlerDeps, Handlers } from './types';

export function createSignHandlers(
  deps: HandlerDeps,
  jobs: JobRegistry,
  now: () => number,
): Pick<Handlers, 'signFiles' | 'existingSignatures' | 'previewTrustedComment' | 'signingStyles'> {
  return {
    async existingSignatures({ files, keyId }) {
      const real = await deps.grants.resolveFiles(files, 'sign');
      const existing: string[] = [];
      const key = keyId ? (await deps.keystore.list()).find((k) => k.id === keyId) : undefined;
      const inside = key ? await embeddedSigningFor(key.kind) : undefined;
      if (inside) {
        // A signature inside the file: the preflight lists the files whose signature signing changes.
        for (const [index, file] of real.entries()) {
          if (await inside.alreadySigned?.(file).catch(() => false)) existing.push(files[index]!);
        }
        return { existing };
      }
      for (const [index, file] of real.entries()) {
        if (await pathExists(await signatureFileOf(file))) existing.push(files[index]!);
      }
      return { existing };
    },

    async previewTrustedComment({ file }) {
      const real = await deps.grants.resolveFile(file, 'sign');
      return { trustedComment: (await defaultSignedComment(real, new Date(now()))) ?? '' };
    },

    async signingStyles({ keyId }) {
      const keyInfo = (await deps.keystore.list()).find((candidate) => candidate.id === keyId);
      if (!keyInfo) throw new SignetError('usage', 'That key is not in your keystore any more.');
      const { side } = await signingFormatForKey(keyInfo.kind);
      return {
        styles: (side.styles ?? []).map(({ name, description }) => ({ name, description })),
        signsComment: side.checkComment !== undefined,
      };
    },

    async signFiles(request) {
      const { jobId, keyId } = request;
      // Only files the person handed over; the outputs are main's choice, beside them.
      const files = await deps.grants.resolveFiles(request.files, 'sign');
      const keyInfo = (await deps.keystore.list()).find((candidate) => candidate.id === keyId);
      if (!keyInfo)
        throw new SignetError('usage', 'That key is not in your keystore any more. Nothing was signed.');
      const inside = await embeddedSigningFor(keyInfo.kind);
      if (inside) {
        const { shownKeyDetails } = await import('../../core/formats/key-files');
        return signInside(deps, jobs, {
          jobId,
          key: await shownKeyDetails(keyInfo),
          side: inside,
          asked: request.files,
          files,
          ...(request.timestampUrl ? { timestampUrl: request.timestampUrl } : {}),
          ...(request.description ? { description: request.description } : {}),
          ...(request.url ? { url: request.url } : {}),
        });
      }
      const { format } = await signingFormatForKey(keyInfo.kind);
      const style = await releaseStyleOf(format, request.style);
      if (style) return signInStyle(deps, jobs, now, request, files, keyInfo, format, style);
      const trustedComment = await checkSignedComment(request.trustedComment);
      const listPath = request.writeChecksumList ? checksumListPath(files) : undefined;
      const listOutputs = listPath ? [listPath, await signatureFileOf(listPath)] : [];
      const signatureFiles = await Promise.all(files.map((file) => signatureFileOf(file)));
      const answer = await confirmSignPlan(deps, {
        key: keyInfo,
        files,
        outputs: [...listOutputs, ...signatureFiles],
        trustedComment,
      });
      const skipList = listOutputs.some((output) => answer.skip.has(output));
      return jobs.run(jobId, async (signal) => {
        const secret = await unlockWithPrompts(
          deps.passphrases,
          (passphrase) => deps.keystore.unlock(keyId, passphrase),
          keyPrompt(keyInfo, `to sign ${describeFiles(files)}`),
          'Nothing was signed.',
        );

        const progress = createProgressReporter({ jobId, fileCount: files.length, emit: deps.emit, now });
        const outcomes: SignOutcome[] = [];
        const asked = (index: number) => request.files[index]!;
        const done = await runSignJob({
          files,
          key: {
            secret,
            publicKey: keyInfo.publicKey,
            keyId: keyInfo.keyId,
            name: keyInfo.name,
            forget: () => secret.seed.fill(0),
          },
          ...(trustedComment !== undefined ? { comment: trustedComment } : {}),
          // Replaced only when the person said so in main's own dialog, and only those files.
          ...(listPath && !skipList
            ? {
                list: { path: listPath, overwrite: listOutputs.some((output) => answer.replace.has(output)) },
              }
            : {}),
          overwrite: (output) => answer.replace.has(output),
          skip: (_file, signatureFile) => answer.skip.has(signatureFile),
          // Off the main thread in the app (a worker), so signing a large file never freezes the window.
          ...(deps.hashing ? { digest: deps.hashing.digestFile } : {}),
          signal,
          regularOnly: true,
          activityDir: deps.activityDir,
          now: () => new Date(now()),
          report: {
            listSigned: (list) => {
              deps.grants.grant([list.listFile], 'written-list');
              deps.grants.grant([list.signatureFile], 'written');
            },
            signed: (index, signed) => {
              deps.grants.grant([signed.signatureFile], 'written');
              outcomes.push({
                file: asked(index),
                signatureFile: signed.signatureFile,
                sha256: signed.sha256,
              });
            },
            skipped: (index) => outcomes.push({ file: asked(index), skipped: true }),
            failed: (index, error) => outcomes.push({ file: asked(index), error: notSignedReason(error) }),
            progress: (index, bytesDone, bytesTotal) =>
              progress.update(index, asked(index), bytesDone, bytesTotal),
            logFailed: (error) =>
              console.error('Signet could not add to the activity log:', plainMessage(error)),
          },
        }).catch((error: unknown) => {
          if (error instanceof SignetError && error.kind === 'cancelled') {
            throw new SignetError('cancelled', 'Signing was cancelled. Nothing was signed.');
          }
          throw error;
        });
        const recheck: SignRecheck = {
          checked: done.recheck.checked,
          failed: done.recheck.failed.map(({ signatureFile, problem }) => ({ file: signatureFile, problem })),
          keyName: keyInfo.name,
          keyId: keyInfo.keyId,
        };
        return {
          outcomes,
          ...(done.list
            ? { checksumList: done.list.listFile, checksumListSignature: done.list.signatureFile }
            : {}),
          ...(skipList ? { checksumListSkipped: true } : {}),
          recheck,
        };
      });
    },
  };
}

export function describeFiles(files: readonly string[]): string {
  return files.length === 1 ? basename(files[0]!) : `${files.length} files`;
}

export function notSignedReason(error: unknown): string {
  if (error instanceof SignetError && error.kind === 'cancelled') return 'Not signed: signing was cancelled.';
  return plainMessage(error);
}
