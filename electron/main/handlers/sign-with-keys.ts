import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { KeyInfo, SignOutcome, SignPart } from '../../../shared/ipc/contract';
import { plainMessage, SignetError } from '../../core/errors';
import { signingFormat } from '../../core/formats/signing-formats';
import { fileNameFor } from '../../core/keystore/key-file-name';
import { type OpenedKey, openStoredSigningKey } from '../../core/sign/open-stored-key';
import { checkSignedComment, runSignJob } from '../../core/sign/sign-job';
import { type KeySigningPlan, planKeySigning, refuseSharedOutputs } from '../../core/sign/signing-plan';
import { keyPrompt, unlockWithPrompts } from './ask-passphrase';
import type { JobRegistry } from './job-registry';
import { createProgressReporter, type ProgressReporter } from './progress-reporter';
import { confirmSignPlan, type SignPlanAnswer } from './sign-confirm';
import type { HandlerDeps, Handlers } from './types';

type Request = Parameters<Handlers['signWithKeys']>[0];
const NOTHING = 'Nothing was signed.';

/**
 * One release signed with one or several keys in one go, the app's form of `signet sign --key A
 * --key B` (and, with one key, of `signet sign --key A`): each key's part planned in core
 * (core/sign/signing-plan.ts: its format, its style, every file it writes; two keys never write the
 * same file), one dialog of main's listing all of it, one passphrase window per key (all asked
 * before anything is signed, so a long release then signs unattended), then each key in turn
 * through the core signing job under one progress, every output read back and checked against its key.
 */
export function createSignWithKeysHandlers(
  deps: HandlerDeps,
  jobs: JobRegistry,
  now: () => number,
): Pick<Handlers, 'signWithKeys'> {
  return { signWithKeys: (request) => signWithKeys(deps, jobs, now, request) };
}

export async function signWithKeys(
  deps: HandlerDeps,
  jobs: JobRegistry,
  now: () => number,
  request: Request,
): Promise<{ parts: SignPart[] }> {
  const files = await deps.grants.resolveFiles(request.files, 'sign');
  const stored = await deps.keystore.list();
  const chosen = request.keys.map(({ keyId, style }) => {
    const info = stored.find((key) => key.id === keyId);
    if (!info) throw new SignetError('usage', `That key is not in your keystore any more. ${NOTHING}`);
    return { info, ...(style ? { style } : {}) };
  });
  if (new Set(chosen.map((part) => part.info.id)).size !== chosen.length) {
    throw new SignetError('usage', `The same key is chosen twice. ${NOTHING}`);
  }
  const comment = request.trustedComment?.trim() ? request.trustedComment : undefined;
  const parts = await Promise.all(chosen.map((part) => planPart(files, part, request)));
  // A comment is for the keys that sign one (minisign's own way); a job with none of those refuses it.
  const style = parts[0]?.plan.style;
  if (comment !== undefined && style && parts.every((part) => part.plan.style)) {
    throw new SignetError('usage', `The ${style.name} style signs no comment. ${NOTHING}`);
  }
  refuseSharedOutputs(
    files,
    parts.map((part) => ({ name: part.info.name, outputs: part.plan.outputs })),
  );
  const trustedComment = await checkSignedComment(comment);
  const answer = await confirmSignPlan(deps, {
    files,
    parts: parts.map((part) => ({
      key: part.info,
      outputs: part.plan.outputs,
      ...(part.plan.style ? { style: part.plan.style.name } : { trustedComment }),
    })),
  });
  return jobs.run(request.jobId, async (signal) => {
    const opened: OpenedKey[] = [];
    try {
      for (const part of parts) {
        const which = parts.length > 1 ? ` (key ${opened.length + 1} of ${parts.length})` : '';
        opened.push(
          await unlockWithPrompts(
            deps.passphrases,
            (passphrase) => openStoredSigningKey(deps.keystore, part.info, passphrase),
            keyPrompt(part.info, `to sign ${describeFiles(files)}${which}`),
            NOTHING,
          ),
        );
      }
    } catch (error) {
      for (const key of opened) key.forget();
      throw error;
    }
    const progress = createProgressReporter({
      jobId: request.jobId,
      fileCount: files.length * parts.length,
      emit: deps.emit,
      now,
    });
    const done: SignPart[] = [];
    for (const [index, part] of parts.entries()) {
      const key = opened[index] as OpenedKey;
      // Cancelled: the keys not yet used are put away, and what the others signed is reported.
      if (signal.aborted) {
        key.forget();
        continue;
      }
      try {
        done.push(
          await signPart(deps, {
            request,
            files,
            part,
            key,
            answer,
            signal,
            now,
            ...(trustedComment !== undefined && !part.plan.style ? { trustedComment } : {}),
            progress: (fileIndex, file, bytesDone, bytesTotal) =>
              progress.update(index * files.length + fileIndex, file, bytesDone, bytesTotal),
          }),
        );
      } catch (error) {
        if (error instanceof SignetError && error.kind === 'cancelled') continue;
        for (const rest of opened.slice(index + 1)) rest.forget();
        throw error;
      }
    }
    if (done.length === 0) {
      throw new SignetError('cancelled', 'Signing was cancelled. Nothing was signed.');
    }
    return { parts: done };
  });
}

interface PlannedPart {
  info: KeyInfo;
  plan: KeySigningPlan;
}

async function planPart(
  files: readonly string[],
  part: { info: KeyInfo; style?: string },
  request: Request,
): Promise<PlannedPart> {
  if (part.info.signsInside || part.info.location === 'token') {
    throw new SignetError(
      'usage',
      `“${part.info.name}” signs inside files: sign with it on its own. ${NOTHING}`,
    );
  }
  const plan = await planKeySigning(files, part.info.kind, {
    ...(part.style ? { style: part.style } : {}),
    checksums: request.writeChecksumList,
  });
  return { info: part.info, plan };
}

/** One key's part: the core signing job, reported as the app shows it, with the kit of a styled part. */
async function signPart(
  deps: HandlerDeps,
  job: {
    request: Request;
    files: string[];
    part: PlannedPart;
    key: OpenedKey;
    answer: SignPlanAnswer;
    signal: AbortSignal;
    now: () => number;
    trustedComment?: string;
    progress: ProgressReporter['update'];
  },
): Promise<SignPart> {
  const { info, plan } = job.part;
  const asked = (index: number) => job.request.files[index] ?? job.files[index] ?? '';
  const outcomes: SignOutcome[] = [];
  const skipOf = (file: string) =>
    (plan.outputsOf.get(file) ?? []).some((output) => job.answer.skip.has(output));
  const listOutputs = plan.listPath ? (plan.outputsOf.get(plan.listPath) ?? []) : [];
  const skipList = plan.listPath !== undefined && skipOf(plan.listPath);
  const done = await runSignJob({
    files: job.files,
    format: plan.format,
    ...(plan.style ? { style: plan.style } : {}),
    key: {
      secret: job.key.key,
      publicKey: info.publicKey,
      keyId: info.keyId,
      name: info.name,
      ...(info.fingerprint ? { fingerprint: info.fingerprint } : {}),
      forget: job.key.forget,
    },
    ...(job.trustedComment !== undefined ? { comment: job.trustedComment } : {}),
    ...(plan.listPath && !skipList
      ? {
          list: {
            path: plan.listPath,
            overwrite: listOutputs.some((output) => job.answer.replace.has(output)),
          },
        }
      : {}),
    // Replaced only when the person said so in main's own dialog, and only those files.
    overwrite: (output) => job.answer.replace.has(output),
    skip: (file, signatureFile) => skipOf(file) || job.answer.skip.has(signatureFile),
    ...(deps.hashing ? { digest: deps.hashing.digestFile } : {}),
    signal: job.signal,
    regularOnly: true,
    activityDir: deps.activityDir,
    now: () => new Date(job.now()),
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
      progress: (index, bytesDone, bytesTotal) => job.progress(index, asked(index), bytesDone, bytesTotal),
      logFailed: (error) => console.error('Signet could not add to the activity log:', plainMessage(error)),
    },
  });
  const recheck = {
    checked: done.recheck.checked,
    failed: done.recheck.failed.map(({ signatureFile, problem }) => ({ file: signatureFile, problem })),
    keyName: info.name,
    keyId: info.keyId,
  };
  const side = await signingFormat(plan.format);
  const kit =
    plan.style && recheck.failed.length === 0
      ? side.releaseKit?.({
          keyName: info.name,
          publicKey: info.publicKey,
          ...(info.fingerprint ? { fingerprint: info.fingerprint } : {}),
          publicKeyFile: `${fileNameFor(info)}.asc`,
          style: plan.style,
          files: job.files.map((file) => basename(file)),
          ...(done.list ? { listText: await readFile(done.list.listFile, 'utf8') } : {}),
        })
      : undefined;
  return {
    keyId: info.keyId,
    keyName: info.name,
    ...(plan.style ? { style: plan.style.name } : {}),
    outcomes,
    ...(done.list
      ? {
          checksumList: done.list.listFile,
          checksumListSignature: done.list.signatureFile,
          ...(done.list.signatureFiles ? { checksumListSignatures: done.list.signatureFiles } : {}),
        }
      : {}),
    ...(skipList ? { checksumListSkipped: true } : {}),
    recheck,
    ...(kit ? { releaseKit: kit } : {}),
  };
}

function describeFiles(files: readonly string[]): string {
  return files.length === 1 ? basename(files[0]!) : `${files.length} files`;
}

function notSignedReason(error: unknown): string {
  if (error instanceof SignetError && error.kind === 'cancelled') return 'Not signed: signing was cancelled.';
  return plainMessage(error);
}
