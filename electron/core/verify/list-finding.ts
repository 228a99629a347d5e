import { basename } from 'node:path';
import type { VerifyResult } from '../../../shared/verdict';
import type { ChecksumListFacts } from '../../../shared/verdict-facts';
import type { ChecksumEntry } from '../checksums/parse-checksum-list';
import { keyPhrase } from '../formats/common/reasons';
import type { Digests } from '../hashing/digest-algorithms';
import { signatureDetails } from './check-details';
import type { CheckedList } from './checksum-list-source';
import { entriesNaming } from './list-entry-match';
import { verdictAndCode } from './outcome-verdict';

/** What a checked list says about one artifact, before the artifact is read. */
export type ListAnswer =
  | { kind: 'result'; result: Omit<VerifyResult, 'file'> }
  | { kind: 'entries'; list: CheckedList; entries: ChecksumEntry[] }
  | { kind: 'names-none'; list: CheckedList }
  | { kind: 'irrelevant' };

function listDetails(list: CheckedList) {
  const { facts, ...details } = signatureDetails(list.decided.check, list.decided.sig.format);
  const listFacts: ChecksumListFacts = {
    kind: 'checksum-list',
    list: basename(list.listFile),
    ...(facts && facts.kind !== 'checksum-list' ? { signature: facts } : {}),
  };
  return {
    ...details,
    facts: listFacts,
    format: 'checksum-list' as const,
    signatureFile: list.decided.file,
    checksumList: list.listFile,
  };
}

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
      result: { ...listDetails(list), ...verdictAndCode(check), reason: check.reason },
    };
  }
  if (!list.entries) {
    if (!mentions) return { kind: 'irrelevant' };
    return {
      kind: 'result',
      result: {
        ...listDetails(list),
        verdict: 'malformed',
        code: 'damaged-list',
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
      code: 'list-entry-mismatch',
      reason: `This file does not match its checksum in the signed list ${listName}: it changed after the list was signed.`,
    };
  }
  return {
    ...listDetails(list),
    verdict: 'verified',
    code: 'verified-through-list',
    reason: `This file matches its checksum in ${listName}, which is signed with ${keyPhrase(list.decided.check.signerName)}.`,
  };
}
