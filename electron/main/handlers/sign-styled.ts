import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { KeyInfo, SignOutcome, SignRecheck } from '../../../shared/ipc/contract';
import { plainMessage, SignetError } from '../../core/errors';
import type { FormatId } from '../../core/formats/format-module';
import { signingFormatForKey } from '../../core/formats/signing-formats';
import type { ReleaseStyle } from '../../core/formats/signing-side';
import { fileNameFor } from '../../core/keystore/key-file-name';
import { plannedStyleOutputs, runSignJob } from '../../core/sign/sign-job';
import { styledOutputs } from '../../core/sign/styled-job';
import { keyPrompt, unlockWithPrompts } from './ask-passphrase';
import type { JobRegistry } from './job-registry';
import { createProgressReporter } from './progress-reporter';
import { confirmSignPlan } from './sign-confirm';
import { describeFiles, notSignedReason } from './sign-handlers';
import type { HandlerDeps, Handlers } from './types';

type SignRequest = Parameters<Handlers['signFiles']>[0];
type SignResponse = Awaited<ReturnType<Handlers['signFiles']>>;

/**
 * A release in a style the key's format names (OpenPGP: apache, node, debian), as the app signs
 * it: main's dialog lists every file that will be written or replaced, the key is opened by its
 * format's code with the passphrase typed in main's window (three tries), every output is read
 * back and checked, and main writes the release kit's words.
 */
export async function signInStyle(
  deps: HandlerDeps,
  jobs: JobRegistry,
  now: () => number,
  request: SignRequest,
  files: string[],
  keyInfo: KeyInfo,
  format: FormatId,
  style: ReleaseStyle,
): Promise<SignResponse> {
  if (request.trustedComment?.trim()) {
    throw new SignetError('usage', `The ${style.name} style signs no comment. Nothing was signed.`);
  }
  const planned = styledOutputs(files, style);
  const answer = await confirmSignPlan(deps, {
    key: keyInfo,
    files,
    outputs: plannedStyleOutputs(files, style),
    trustedComment: undefined,
    style: style.name,
  });
  const outputsOf = new Map<string, string[]>();
  if (planned.list) outputsOf.set(planned.list.path, [planned.list.path, ...planned.list.signatures]);
  for (const entry of planned.perFile) outputsOf.set(entry.file, [...entry.signatures, ...entry.checksums]);
  const { side } = await signingFormatForKey(keyInfo.kind);
  const openStoredKey = side.openStoredKey;
  if (!openStoredKey) throw new SignetError('usage', 'This key cannot sign in a release style.');
  return jobs.run(request.jobId, async (signal) => {
    const secret = await unlockWithPrompts(
      deps.passphrases,
      async (passphrase) => openStoredKey(await deps.keystore.readKeyFile(keyInfo.id), passphrase),
      keyPrompt(keyInfo, `to sign ${describeFiles(files)}`),
      'Nothing was signed.',
    );
    const progress = createProgressReporter({
      jobId: request.jobId,
      fileCount: files.length,
      emit: deps.emit,
      now,
    });
    const outcomes: SignOutcome[] = [];
    const asked = (index: number) => request.files[index]!;
    const done = await runSignJob({
      files,
      format,
      style,
      key: {
        secret,
        publicKey: keyInfo.publicKey,
        keyId: keyInfo.keyId,
        name: keyInfo.name,
        ...(keyInfo.fingerprint ? { fingerprint: keyInfo.fingerprint } : {}),
        forget: () => void side.forgetKey?.(secret),
      },
      // Replaced only when the person said so in main's own dialog, and only those files.
      overwrite: (output) => answer.replace.has(output),
      skip: (file) => (outputsOf.get(file) ?? []).some((output) => answer.skip.has(output)),
      signal,
      activityDir: deps.activityDir,
      now: () => new Date(now()),
      report: {
        listSigned: (list) => {
          deps.grants.grant([list.listFile], 'written-list');
          deps.grants.grant(list.signatureFiles ?? [list.signatureFile], 'written');
        },
        signed: (index, signed) => {
          deps.grants.grant(signed.outputs ?? [signed.signatureFile], 'written');
          outcomes.push({
            file: asked(index),
            signatureFile: signed.signatureFile,
            ...(signed.outputs ? { outputs: signed.outputs } : {}),
            sha256: signed.sha256,
          });
        },
        skipped: (index) => outcomes.push({ file: asked(index), skipped: true }),
        failed: (index, error) => outcomes.push({ file: asked(index), error: notSignedReason(error) }),
        progress: (index, bytesDone, bytesTotal) =>
          progress.update(index, asked(index), bytesDone, bytesTotal),
        logFailed: (error) => console.error('Signet could not add to the activity log:', plainMessage(error)),
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
    const kit = side.releaseKit?.({
      keyName: keyInfo.name,
      publicKey: keyInfo.publicKey,
      ...(keyInfo.fingerprint ? { fingerprint: keyInfo.fingerprint } : {}),
      publicKeyFile: `${fileNameFor(keyInfo)}.asc`,
      style,
      files: files.map((file) => basename(file)),
      ...(done.list ? { listText: await readFile(done.list.listFile, 'utf8') } : {}),
    });
    return {
      outcomes,
      ...(done.list
        ? {
            checksumList: done.list.listFile,
            checksumListSignature: done.list.signatureFile,
            ...(done.list.signatureFiles ? { checksumListSignatures: done.list.signatureFiles } : {}),
          }
        : {}),
      recheck,
      ...(kit && done.recheck.failed.length === 0 ? { releaseKit: kit } : {}),
    };
  });
}
