import { basename } from 'node:path';
import { formatDate } from '../../../shared/dates';
import type { KeyInfo, SignOutcome } from '../../../shared/ipc/contract';
import { printable } from '../../../shared/printable';
import { plainMessage, SignetError } from '../../core/errors';
import type { SigningSide } from '../../core/formats/signing-side';
import { runEmbeddedSignJob } from '../../core/sign/embedded-job';
import { dialogLine, dialogText } from '../dialog-line';
import { keyPrompt, unlockWithPrompts } from './ask-passphrase';
import { chooseOrConfirm } from './choose-or-confirm';
import type { JobRegistry } from './job-registry';
import { jobVerifier } from './job-verifier';
import type { HandlerDeps } from './types';
import { fileMaterial, loadJobMaterial } from './verify-material';

const SHOWN = 12;

interface InsideRequest {
  jobId: string;
  key: KeyInfo;
  side: SigningSide;
  /** The paths the page handed over, and the real files they resolved to, in the same order. */
  asked: readonly string[];
  files: readonly string[];
  timestampUrl?: string;
  /** The server is the one the organisation's policy names. */
  timestampManaged?: boolean;
  description?: string;
  url?: string;
}

/**
 * Signing inside files (Authenticode) from the app: main's own dialog says which certificate signs,
 * which time-stamping server stamps (or that none does, and what that means), and lists the files
 * already signed, offering "Replace the signature" or "Add a second signature"; the password is
 * typed in main's passphrase window; each written file is then verified by Signet and returned with
 * the card anyone checking it will see.
 */
export async function signInside(deps: HandlerDeps, jobs: JobRegistry, asked: InsideRequest) {
  // The organisation's server, when its policy names one, in place of the person's: read from the
  // same policy the Sign screen and Settings show (a policy that cannot be read stops signing here).
  const managed = (await deps.trust.managedPolicy()).file.timestampUrl;
  const request: InsideRequest = managed
    ? { ...asked, timestampUrl: managed, timestampManaged: true }
    : asked;
  const { key, side, files } = request;
  // Known from the record: refused before any dialog or password (the job checks again on the certificate).
  if (key.expiresAt && new Date(key.expiresAt) < new Date()) {
    throw new SignetError(
      'usage',
      `This certificate expired on ${formatDate(key.expiresAt)}. Nothing was signed.`,
    );
  }
  const signed: string[] = [];
  for (const file of files) {
    try {
      if (await side.alreadySigned?.(file)) signed.push(file);
    } catch (error) {
      throw new SignetError('usage', `${basename(file)}: ${plainMessage(error)} Nothing was signed.`);
    }
  }
  const existing = await askPlan(deps, request, signed);
  const material = await loadJobMaterial(deps.trust, deps.keystore);
  const roots = (await fileMaterial(material, files[0]!)).caRoots ?? [];
  return jobs.run(request.jobId, async (signal) => {
    const outcomes: SignOutcome[] = [];
    const done = await runEmbeddedSignJob({
      files,
      info: key,
      side,
      keystore: deps.keystore,
      unlock: (open) =>
        unlockWithPrompts(
          deps.passphrases,
          open,
          keyPrompt(key, `to sign ${files.length === 1 ? basename(files[0]!) : `${files.length} files`}`),
          'Nothing was signed.',
        ),
      existing: () => existing,
      timestampUrls: request.timestampUrl ? [request.timestampUrl] : [],
      timestampRoots: roots,
      ...(request.description ? { description: request.description } : {}),
      ...(request.url ? { url: request.url } : {}),
      activityDir: deps.activityDir,
      now: () => new Date(),
      signal,
      report: {
        logFailed: (error) => console.error('Signet could not add to the activity log:', plainMessage(error)),
      },
    });
    const verifier = await jobVerifier(deps);
    for (const [index, outcome] of done.entries()) {
      const file = request.asked[index]!;
      if (!('signed' in outcome)) {
        outcomes.push({ file, error: plainMessage(outcome.error) });
        continue;
      }
      deps.grants.grant([outcome.signed.file], 'written');
      outcomes.push({
        file,
        signatureFile: outcome.signed.file,
        sha256: outcome.signed.digest.hex,
        ...(outcome.signed.timestampUrl ? { timestampUrl: outcome.signed.timestampUrl } : {}),
        ...(outcome.signed.previous ? { previous: outcome.signed.previous } : {}),
        verdict: await verifier.verifyArtifact(outcome.signed.file, {}),
      });
    }
    return { outcomes };
  });
}

async function askPlan(
  deps: HandlerDeps,
  request: InsideRequest,
  signed: readonly string[],
): Promise<'refuse' | 'replace' | 'nest'> {
  const { key, files } = request;
  const what = files.length === 1 ? basename(files[0]!) : `${files.length} files`;
  const expires = key.expiresAt ? formatDate(key.expiresAt) : undefined;
  const lines = [
    `Certificate: ${key.label ?? key.name}${key.issuer ? `, issued by ${key.issuer}` : ''}`,
    `Thumbprint (SHA-256): ${key.fingerprint ?? key.keyId}`,
    ...(expires ? [`Certificate valid until: ${expires}`] : []),
    request.timestampUrl
      ? `Timestamp: ${request.timestampUrl}${request.timestampManaged ? ' (set by your organisation)' : ''}`
      : `Timestamp: none. This signature stops being valid when the certificate expires on ${expires ?? 'its expiry date'}.`,
    ...(request.description ? [`Program name: ${request.description}`] : []),
    '',
    `Will sign (${files.length}):`,
    ...files.slice(0, SHOWN).map((f) => `  ${printable(f)}`),
    ...(signed.length > 0
      ? ['', `Already signed (${signed.length}):`, ...signed.slice(0, SHOWN).map((f) => `  ${printable(f)}`)]
      : []),
  ];
  const base = {
    title: 'Sign programs',
    message: dialogLine(`Sign ${what} with the certificate “${key.name}”?`),
    detail: dialogText(lines),
  };
  if (signed.length === 0) {
    if (!(await deps.confirm.confirm({ ...base, confirmLabel: 'Sign' }))) {
      throw new SignetError('cancelled', 'You chose not to sign. Nothing was signed.');
    }
    return 'refuse';
  }
  const ask = {
    ...base,
    message: dialogLine(
      `Sign ${what} with the certificate “${key.name}”? ${signed.length === 1 ? `${basename(signed[0]!)} is` : `${signed.length} of them are`} already signed.`,
    ),
    confirmLabel: 'Replace the signature',
  };
  const answer = await chooseOrConfirm(deps.confirm, { ...ask, alternativeLabel: 'Add a second signature' });
  if (answer === 'cancel') throw new SignetError('cancelled', 'You chose not to sign. Nothing was signed.');
  return answer === 'confirm' ? 'replace' : 'nest';
}
