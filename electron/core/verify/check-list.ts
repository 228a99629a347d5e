import { realpath } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { Verdict, VerifyResult } from '../../../shared/verdict';
import type { ChecksumEntry } from '../checksums/parse-checksum-list';
import { resolveListedPath } from '../checksums/resolve-listed-path';
import { plainMessage, SignetError } from '../errors';
import { digestMany } from '../hashing/digest-many';
import { checkSignature, prepareSignature } from './check-signature';
import { loadSignedList, type SignedList } from './checksum-list-source';
import { signatureDetails } from './signature-check';
import { keyPhrase } from './signer-lookup';
import { buildVerifyContext, type VerifyOptions } from './verify-options';

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
    reason,
    list,
    entries: [],
    counts: emptyCounts(),
    ...extra,
  });
  let signed: SignedList | undefined;
  try {
    signed = await loadSignedList(list, options.signatureFile ? resolve(options.signatureFile) : undefined);
  } catch (error) {
    if (error instanceof SignetError && error.kind === 'cancelled') throw error;
    return fail('malformed', plainMessage(error));
  }
  if (!signed) {
    return fail(
      'no-signature',
      `No signature for ${basename(list)} was found (${basename(list)}.minisig or .sig).`,
    );
  }
  try {
    const ctx = buildVerifyContext(options);
    const prepared = prepareSignature(signed.signature, ctx, `The checksum list ${basename(list)}`);
    const { check } = await checkSignature(prepared, { kind: 'bytes', bytes: signed.listBytes }, ctx);
    const about = {
      ...signatureDetails(check),
      format: 'checksum-list' as const,
      signatureFile: signed.signatureFile,
    };
    if (check.outcome === 'invalid') return fail('tampered', check.reason, about);
    if (check.outcome === 'unknown-signer') return fail('unknown-signer', check.reason, about);
    const entries = await checkEntries(signed, options);
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
    return { ...about, ...verdictAndReason, list, entries, counts };
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
      reason: `None of the files listed in ${listName} are here, so nothing was checked.`,
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

async function checkEntries(signed: SignedList, options: CheckListOptions): Promise<ListEntryResult[]> {
  const realDir = await realpath(signed.listDir);
  // Every name is vetted before any file is opened: one unsafe entry refuses the whole list.
  const located = signed.entries.map((entry) => ({ entry, path: resolveListedPath(realDir, entry.name) }));
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
