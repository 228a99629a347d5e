import { realpath, stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { VerifyResult } from '../../../shared/verdict';
import { parseChecksumList } from '../checksums/parse-checksum-list';
import { plainMessage, SignetError } from '../errors';
import { checkSignature, prepareSignature } from './check-signature';
import { LIST_MAX_BYTES, loadSignedList, type SignedList } from './checksum-list-source';
import { type Candidate, CHECKSUM_LIST_NAMES, discoverCandidates } from './discover';
import { entriesNaming } from './list-entry-match';
import { parseAnySignature } from './parse-any-signature';
import { decodeUtf8Strict, readSmallFile } from './read-small-file';
import { type SignatureCheck, signatureDetails, verdictOf } from './signature-check';
import { keyPhrase } from './signer-lookup';
import { buildVerifyContext, type VerifyContext, type VerifyOptions } from './verify-options';

export type { VerifyOptions } from './verify-options';

const hex = (digest: Buffer | undefined) => digest?.toString('hex');

/**
 * Answers "who made this file, and has it changed since". Never throws for bad input: every failure
 * becomes a non-verified verdict with a plain reason. Only cancellation throws (SignetError 'cancelled').
 */
export async function verifyArtifact(file: string, options: VerifyOptions = {}): Promise<VerifyResult> {
  const path = resolve(file);
  try {
    const ctx = buildVerifyContext(options);
    await assertRegularFile(path);
    const artifact = await realpath(path);
    if (options.signatureFile) return await verifyWith(path, artifact, resolve(options.signatureFile), ctx);
    const candidates = await discoverCandidates(path);
    return await verifyDiscovered(path, artifact, candidates, ctx);
  } catch (error) {
    if (error instanceof SignetError && error.kind === 'cancelled') throw error;
    return { verdict: 'malformed', file: path, reason: plainMessage(error) };
  }
}

async function assertRegularFile(path: string): Promise<void> {
  const info = await stat(path);
  if (!info.isFile())
    throw new SignetError('malformed', `${basename(path)} is not a regular file, so it cannot be checked.`);
}

async function verifyDiscovered(
  path: string,
  artifact: string,
  candidates: Candidate[],
  ctx: VerifyContext,
): Promise<VerifyResult> {
  let unsignedListNamesIt = false;
  let skippedProblem: VerifyResult | undefined;
  for (const candidate of candidates) {
    if (candidate.kind === 'signature') return verifyWith(path, artifact, candidate.path, ctx);
    try {
      const list = await loadSignedList(candidate.path);
      const entries = list
        ? await entriesNaming(list.entries, list.listDir, artifact)
        : await unsignedListEntries(candidate.path, artifact);
      if (entries.length === 0) continue;
      if (!list) {
        unsignedListNamesIt = true;
        continue;
      }
      return verifyThroughList(path, artifact, list, ctx);
    } catch (error) {
      if (error instanceof SignetError && error.kind === 'cancelled') throw error;
      // A damaged list that may not even name this file must not hide a good signature elsewhere,
      // but it is reported when nothing else is found.
      skippedProblem ??= {
        verdict: 'malformed',
        file: path,
        signatureFile: candidate.path,
        reason: `${basename(candidate.path)}: ${plainMessage(error)}`,
      };
    }
  }
  if (skippedProblem) return skippedProblem;
  const sha256 = ctx.wantSha256 ? hex((await ctx.digest(path, ['sha256'], ctx.progress)).sha256) : undefined;
  return {
    verdict: 'no-signature',
    file: path,
    ...(sha256 ? { sha256 } : {}),
    reason: unsignedListNamesIt
      ? 'A checksum list next to this file names it, but the list is not signed, so it cannot tell who made the file.'
      : `No signature (${basename(path)}.minisig or .sig) and no signed checksum list naming this file was found next to it.`,
  };
}

async function unsignedListEntries(listPath: string, artifact: string) {
  const bytes = await readSmallFile(listPath, LIST_MAX_BYTES, 'The checksum list');
  const text = decodeUtf8Strict(bytes, `The checksum list ${basename(listPath)}`);
  return entriesNaming(parseChecksumList(text), dirname(listPath), artifact);
}

async function verifyWith(
  path: string,
  artifact: string,
  signatureFile: string,
  ctx: VerifyContext,
): Promise<VerifyResult> {
  let parsed: ReturnType<typeof parseAnySignature>;
  try {
    const bytes = await readSmallFile(signatureFile, LIST_MAX_BYTES, 'The signature file');
    parsed = parseAnySignature(bytes);
  } catch (error) {
    return {
      verdict: 'malformed',
      file: path,
      signatureFile,
      reason: `${basename(signatureFile)}: ${plainMessage(error)}`,
    };
  }
  if (parsed.kind === 'signify-embedded') {
    // A signify-embedded file given for an artifact is a signed checksum list (SHA256.sig).
    const list = await loadSignedList(signatureFile);
    if (!list) throw new SignetError('malformed', `${basename(signatureFile)} is not signed.`);
    return verifyThroughList(path, artifact, list, ctx);
  }
  if (isChecksumListSignature(signatureFile)) {
    // --sig SHA256SUMS.minisig: the signature is over a list beside it, not over the artifact.
    const listFile = signatureFile.replace(/\.(minisig|sig)$/, '');
    const list = await loadSignedList(listFile, signatureFile);
    if (list) return verifyThroughList(path, artifact, list, ctx);
  }
  const prepared = prepareSignature(parsed, ctx, 'The file');
  const { check, digests } = await checkSignature(
    prepared,
    { kind: 'file', path },
    ctx,
    ctx.wantSha256 ? ['sha256'] : [],
  );
  const sha256 = hex(digests.sha256);
  return { ...resultFromCheck(path, check), signatureFile, ...(sha256 ? { sha256 } : {}) };
}

/** A signature named after a checksum list (SHA256SUMS.minisig) is about the list, not the artifact. */
function isChecksumListSignature(signatureFile: string): boolean {
  const name = basename(signatureFile).replace(/\.(minisig|sig)$/, '');
  return (CHECKSUM_LIST_NAMES as readonly string[]).includes(name);
}

async function verifyThroughList(
  path: string,
  artifact: string,
  list: SignedList,
  ctx: VerifyContext,
): Promise<VerifyResult> {
  const listName = basename(list.listFile);
  const prepared = prepareSignature(list.signature, ctx, `The checksum list ${listName}`);
  const { check } = await checkSignature(prepared, { kind: 'bytes', bytes: list.listBytes }, ctx);
  const details = {
    file: path,
    signatureFile: list.signatureFile,
    checksumList: list.listFile,
  };
  if (check.outcome !== 'valid') {
    const sha256 = ctx.wantSha256
      ? hex((await ctx.digest(path, ['sha256'], ctx.progress)).sha256)
      : undefined;
    return {
      ...resultFromCheck(path, check),
      ...details,
      format: 'checksum-list',
      ...(sha256 ? { sha256 } : {}),
    };
  }
  const entries = await entriesNaming(list.entries, list.listDir, artifact);
  if (entries.length === 0) {
    return {
      ...details,
      verdict: 'no-signature',
      reason: `The signed list ${listName} does not name this file.`,
    };
  }
  const algorithms = [...new Set(entries.map((e) => e.algorithm))];
  const digests = await ctx.digest(
    path,
    ctx.wantSha256 ? [...algorithms, 'sha256'] : algorithms,
    ctx.progress,
  );
  const sha256 = hex(digests.sha256);
  const allMatch = entries.every((e) => digests[e.algorithm]?.equals(e.digest));
  const base = {
    ...resultFromCheck(path, check),
    ...details,
    format: 'checksum-list' as const,
    ...(sha256 ? { sha256 } : {}),
  };
  if (!allMatch) {
    return {
      ...base,
      verdict: 'tampered',
      reason: `This file does not match its checksum in the signed list ${listName}: it changed after the list was signed.`,
    };
  }
  return {
    ...base,
    reason: `This file matches its checksum in ${listName}, which is signed with ${keyPhrase(check.signerName)}.`,
  };
}

function resultFromCheck(path: string, check: SignatureCheck): VerifyResult {
  return { verdict: verdictOf(check), file: path, reason: check.reason, ...signatureDetails(check) };
}
