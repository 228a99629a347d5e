import { resolve } from 'node:path';
import { printable } from '../../../shared/printable';
import { plainMessage } from '../../core/errors';
import { writeFileAtomic } from '../../core/fs/atomic-write';
import { pathExists } from '../../core/fs/path-exists';
import { activityDir } from '../../core/keystore/location';
import type { RecheckResult } from '../../core/sign/recheck-signatures';
import { type JobKey, runSignJob, type SignJob, type SignJobResult } from '../../core/sign/sign-job';
import { CliExit } from '../cli-error';
import type { UnlockedKey } from '../signing-key';

/** How `signet sign` tells the person what a signing job did, whatever the key's format or style. */

/** A core refusal of what was asked (a comment, files in several folders): exit 2, nothing signed. */
export async function usage<T>(ask: () => Promise<T>): Promise<T> {
  try {
    return await ask();
  } catch (error) {
    throw new CliExit(2, plainMessage(error));
  }
}

/**
 * One key's job as the CLI runs it (its own way or a release style): a line per file as it goes,
 * files already signed kept with --skip-existing and replaced with --force, a failure of the job
 * itself (its list, which goes first) reported as nothing signed, then the re-check's lines. `ok`:
 * every file signed and every signature written checked out.
 */
export async function runPrintedSignJob(
  files: string[],
  unlocked: UnlockedKey,
  flags: { force?: boolean; skipExisting?: boolean },
  job: Omit<SignJob<unknown>, 'files' | 'key' | 'overwrite' | 'skip' | 'activityDir' | 'now' | 'report'>,
): Promise<{ result: SignJobResult; ok: boolean }> {
  const overwrite = flags.force === true;
  const printed = printedSignReport(files);
  let result: SignJobResult;
  try {
    result = await runSignJob({
      ...job,
      files,
      key: jobKeyOf(unlocked),
      overwrite: () => overwrite,
      skip: async (_file, first) => flags.skipExisting === true && (await pathExists(first)),
      activityDir: activityDir(),
      now: () => new Date(),
      report: printed.report,
    });
  } catch (error) {
    throw nothingSigned(error);
  }
  const checkedOut = reportRecheck(unlocked, result.recheck);
  return { result, ok: checkedOut && printed.failures() === 0 };
}

/** The job's key, as the unlocked key gives it; the job wipes it when it ends. */
function jobKeyOf(unlocked: UnlockedKey): JobKey<unknown> {
  return {
    secret: unlocked.key,
    publicKey: unlocked.publicKey,
    keyId: unlocked.keyId,
    ...(unlocked.name ? { name: unlocked.name } : {}),
    ...(unlocked.fingerprint ? { fingerprint: unlocked.fingerprint } : {}),
    forget: unlocked.forget,
  };
}

/** The lines every signing report prints for a file that failed and for the activity log, and how many files failed. */
export function printedFailures(
  files: readonly string[],
  hint: (error: unknown) => string = () => '',
): { count(): number; failed(index: number, error: unknown): void; logFailed(error: unknown): void } {
  let count = 0;
  return {
    count: () => count,
    failed: (index, error) => {
      count++;
      process.stderr.write(`signet: ${printable(files[index]!)}: ${plainMessage(error)}${hint(error)}\n`);
    },
    logFailed: (error) =>
      process.stderr.write(`signet: warning: could not add to the activity log: ${plainMessage(error)}\n`),
  };
}

/** A line per file signed, skipped or failed, and how many failed once the job is over. */
function printedSignReport(files: readonly string[]): {
  report: SignJob<unknown>['report'];
  failures(): number;
} {
  const failures = printedFailures(files, (error) =>
    (error as { kind?: string }).kind === 'exists' ? ' (use --force to replace it, or --skip-existing)' : '',
  );
  return {
    failures: failures.count,
    report: {
      listSigned: (list) =>
        process.stdout.write(
          `Wrote ${printable(list.listFile)} and signed it -> ${(list.signatureFiles ?? [list.signatureFile]).map(printable).join(', ')}\n`,
        ),
      signed: (_index, signed) =>
        process.stdout.write(
          `Signed ${printable(signed.file)} -> ${(signed.outputs ?? [signed.signatureFile]).map(printable).join(', ')}\n`,
        ),
      skipped: (index, first) =>
        process.stdout.write(`Skipped ${printable(files[index]!)}: ${printable(first)} already exists\n`),
      failed: failures.failed,
      logFailed: failures.logFailed,
    },
  };
}

/** What ends a job before anything is signed (the list, which goes first): exit 2. */
function nothingSigned(error: unknown): CliExit {
  const hint = (error as { kind?: string }).kind === 'exists' ? ' (use --force to replace it)' : '';
  return new CliExit(2, `${plainMessage(error)}${hint} Nothing was signed.`);
}

/** Says how the re-check of every signature written went; false when one did not check out. */
function reportRecheck(unlocked: UnlockedKey, { checked, failed }: RecheckResult): boolean {
  if (checked === 0) return true;
  const against = unlocked.name
    ? `"${printable(unlocked.name)}" (${unlocked.keyId})`
    : `key ${unlocked.keyId}`;
  if (failed.length === 0) {
    process.stdout.write(
      `${checked === 1 ? 'The signature was' : `All ${checked} signatures were`} checked against ${against}.\n`,
    );
    return true;
  }
  for (const bad of failed) {
    process.stderr.write(`signet: ${printable(bad.signatureFile)} did not check out: ${bad.problem}\n`);
  }
  return false;
}

/** Writes a release kit the person asked for by name; replaces one only with --force. */
export async function writeKitFile(path: string, text: string, overwrite: boolean): Promise<void> {
  try {
    await writeFileAtomic(resolve(path), text, { mode: 0o644, overwrite });
    process.stdout.write(`Release kit written to ${printable(resolve(path))}\n`);
  } catch (error) {
    const hint = (error as { kind?: string }).kind === 'exists' ? ' (use --force to replace it)' : '';
    throw new CliExit(2, `The release kit was not written: ${plainMessage(error)}${hint}`);
  }
}
