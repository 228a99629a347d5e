import { realpath } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { Verdict, VerifyResult } from '../../../shared/verdict';
import type { VerdictCode } from '../../../shared/verdict-code';
import type { ChecksumEntry } from '../checksums/parse-checksum-list';
import { resolveListedPath } from '../checksums/resolve-listed-path';
import { plainMessage, SignetError } from '../errors';
import { keyPhrase } from '../formats/common/reasons';
import { digestMany } from '../hashing/digest-many';
import { signatureDetails } from './check-details';
import { type ListLoad, loadCheckedList } from './checksum-list-source';
import { codeFor, verdictAndCode } from './outcome-verdict';
import { buildVerifyContext, type VerifyContext, type VerifyOptions } from './verify-options';

export type ListEntryStatus = 'ok' | 'mismatch' | 'missing' | 'unreadable';

export interface ListEntryResult {
  name: string;
  status: ListEntryStatus;
  /** Plain sentence for unreadable entries. */
  problem?: string;
}

export interface ListCheckResult extends Omit<VerifyResult, 'file' | 'sha256'> {
  list: string;
  entries: ListEntryResult[];
  counts: Record<ListEntryStatus, number>;
}

export interface CheckListOptions extends Omit<VerifyOptions, 'sha256' | 'allowedSignersText' | 'namespace'> {
  /** Absent listed files fail the check (default: they are reported only). */
  strict?: boolean;
  concurrency?: number;
}

/** What each answer about a list's entries means, as a verdict code. */
const LIST_CODE: Record<Verdict, VerdictCode> = {
  verified: 'verified-through-list',
  tampered: 'list-entry-mismatch',
  malformed: 'damaged-list',
  'no-signature': 'list-names-other-files',
  'unknown-signer': 'key-not-trusted',
};

const emptyCounts = (): Record<ListEntryStatus, number> => ({
  ok: 0,
  mismatch: 0,
  missing: 0,
  unreadable: 0,
});

/**
 * `signet check`: the list's signature first, then every listed file inside the list's folder.
 * Passes when at least one listed file was checked and every checked file matches.
 */
export async function checkChecksumList(
  listFile: string,
  options: CheckListOptions = {},
): Promise<ListCheckResult> {
  const list = resolve(listFile);
  const fail = (verdict: Verdict, reason: string, extra: Partial<ListCheckResult> = {}): ListCheckResult => ({
    verdict,
    code: codeFor(verdict, undefined),
    reason,
    list,
    entries: [],
    counts: emptyCounts(),
    ...extra,
  });
  let load: ListLoad;
  let ctx: VerifyContext;
  try {
    ctx = await buildVerifyContext(options);
    load = await loadCheckedList(
      list,
      ctx,
      options.signatureFile ? resolve(options.signatureFile) : undefined,
    );
  } catch (error) {
    if (error instanceof SignetError && error.kind === 'cancelled') throw error;
    return fail('malformed', plainMessage(error));
  }
  if ('unsigned' in load) {
    return fail(
      'no-signature',
      `No signature for ${basename(list)} was found (${basename(list)}.minisig or .sig).`,
    );
  }
  if ('damaged' in load) return fail('malformed', load.damaged);
  const signed = load.signed;
  const check = signed.decided.check;
  const about = {
    ...signatureDetails(check, signed.decided.sig.format),
    format: 'checksum-list' as const,
    signatureFile: signed.decided.file,
    ...(ctx.notes.length > 0 ? { details: ctx.notes } : {}),
  };
  if (check.outcome !== 'valid') {
    const { verdict, code } = verdictAndCode(check);
    return fail(verdict, check.reason, { ...about, code });
  }
  if (!signed.entries) {
    return fail(
      'malformed',
      `${basename(list)} is signed, but it is not a checksum list Signet reads: ${signed.parseProblem ?? ''}`,
      { ...about, code: 'damaged-list' },
    );
  }
  try {
    const entries = await checkEntries(signed.listDir, signed.entries, options);
    const counts = emptyCounts();
    for (const entry of entries) counts[entry.status]++;
    const checked = counts.ok + counts.mismatch;
    const verdictAndReason = decide(
      counts,
      checked,
      options.strict ?? false,
      basename(list),
      check.signerName,
    );
    const code = LIST_CODE[verdictAndReason.verdict];
    return { ...about, ...verdictAndReason, code, list, entries, counts };
  } catch (error) {
    if (error instanceof SignetError && error.kind === 'cancelled') throw error;
    return fail('malformed', plainMessage(error));
  }
}

function decide(
  counts: Record<ListEntryStatus, number>,
  checked: number,
  strict: boolean,
  listName: string,
  signer: string | undefined,
): { verdict: Verdict; reason: string } {
  if (counts.mismatch > 0) {
    return {
      verdict: 'tampered',
      reason: `${counts.mismatch} of the listed files changed after ${listName} was signed.`,
    };
  }
  if (counts.unreadable > 0) {
    return { verdict: 'malformed', reason: `${counts.unreadable} of the listed files could not be read.` };
  }
  if (checked === 0) {
    return {
      verdict: 'no-signature',
      reason: `${listName} is signed with ${keyPhrase(signer)}, but none of the files it lists are here, so nothing was checked.`,
    };
  }
  if (strict && counts.missing > 0) {
    return { verdict: 'tampered', reason: `${counts.missing} listed files are missing (strict check).` };
  }
  const missing = counts.missing > 0 ? ` ${counts.missing} listed files are not here and were skipped.` : '';
  return {
    verdict: 'verified',
    reason: `All ${checked} files here match ${listName}, signed with ${keyPhrase(signer)}.${missing}`,
  };
}

async function checkEntries(
  listDir: string,
  listEntries: readonly ChecksumEntry[],
  options: CheckListOptions,
): Promise<ListEntryResult[]> {
  const realDir = await realpath(listDir);
  // Every name is vetted before any file is opened: one unsafe entry refuses the whole list.
  const located = listEntries.map((entry) => ({ entry, path: resolveListedPath(realDir, entry.name) }));
  const results: ListEntryResult[] = new Array(located.length);
  for (const algorithm of ['sha256', 'sha512'] as const) {
    const batch = located.flatMap((item, index) =>
      item.entry.algorithm === algorithm ? [{ ...item, index }] : [],
    );
    if (batch.length === 0) continue;
    // The workers resolve links and refuse anything outside the list's folder or not a regular file.
    const digests = await digestMany(
      batch.map((item) => item.path),
      algorithm,
      {
        confineTo: realDir,
        ...(options.concurrency ? { concurrency: options.concurrency } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      },
    );
    for (const { index, entry, path } of batch) {
      results[index] = entryResult(entry, digests.get(path));
    }
  }
  return results;
}

function entryResult(entry: ChecksumEntry, digest: Buffer | Error | undefined): ListEntryResult {
  if (digest instanceof Buffer)
    return { name: entry.name, status: digest.equals(entry.digest) ? 'ok' : 'mismatch' };
  if ((digest as NodeJS.ErrnoException | undefined)?.code === 'ENOENT')
    return { name: entry.name, status: 'missing' };
  return { name: entry.name, status: 'unreadable', problem: plainMessage(digest) };
}
