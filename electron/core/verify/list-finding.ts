import { basename } from 'node:path';
import type { VerifyResult } from '../../../shared/verdict';
import type { ChecksumEntry } from '../checksums/parse-checksum-list';
import { keyPhrase } from '../formats/common/reasons';
import type { Digests } from '../hashing/digest-algorithms';
import { signatureDetails } from './check-details';
import type { CheckedList } from './checksum-list-source';
import { entriesNaming } from './list-entry-match';
import { verdictOf } from './outcome-verdict';

/** What a checked list says about one artifact, before the artifact is read. */
export type ListAnswer =
  | { kind: 'result'; result: Omit<VerifyResult, 'file'> }
  | { kind: 'entries'; list: CheckedList; entries: ChecksumEntry[] }
  | { kind: 'names-none'; list: CheckedList }
  | { kind: 'irrelevant' };

const listDetails = (list: CheckedList) => ({
  ...signatureDetails(list.decided.check),
  format: 'checksum-list' as const,
  signatureFile: list.decided.file,
  checksumList: list.listFile,
});

/**
 * A list whose signature is not valid is not read as a list; whether it is about this file is
 * judged from its raw text (it mentions the file's name), so a changed list next to an unrelated
 * file does not spoil that file's answer.
 */
export async function listAnswer(
  list: CheckedList,
  artifactReal: string,
  fileName: string,
): Promise<ListAnswer> {
  const mentions = Buffer.from(list.listBytes).includes(Buffer.from(fileName));
  const check = list.decided.check;
  if (check.outcome !== 'valid') {
    if (!mentions) return { kind: 'irrelevant' };
    return {
      kind: 'result',
      result: { ...listDetails(list), verdict: verdictOf(check), reason: check.reason },
    };
  }
  if (!list.entries) {
    if (!mentions) return { kind: 'irrelevant' };
    return {
      kind: 'result',
      result: {
        ...listDetails(list),
        verdict: 'malformed',
        reason: `${basename(list.listFile)} is signed, but it is not a checksum list Signet reads: ${list.parseProblem ?? ''}`,
      },
    };
  }
  const entries = await entriesNaming(list.entries, list.listDir, artifactReal);
  return entries.length === 0 ? { kind: 'names-none', list } : { kind: 'entries', list, entries };
}

/** The answer once the artifact's digests are known. */
export function entriesResult(
  list: CheckedList,
  entries: ChecksumEntry[],
  digests: Digests,
): Omit<VerifyResult, 'file'> {
  const listName = basename(list.listFile);
  const allMatch = entries.every((e) => digests[e.algorithm]?.equals(e.digest));
  if (!allMatch) {
    return {
      ...listDetails(list),
      verdict: 'tampered',
      reason: `This file does not match its checksum in the signed list ${listName}: it changed after the list was signed.`,
    };
  }
  return {
    ...listDetails(list),
    verdict: 'verified',
    reason: `This file matches its checksum in ${listName}, which is signed with ${keyPhrase(list.decided.check.signerName)}.`,
  };
}
