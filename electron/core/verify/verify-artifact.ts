import { createHash } from 'node:crypto';
import { readSync } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { VerifyResult } from '../../../shared/verdict';
import { plainMessage, SignetError } from '../errors';
import { keyPhrase } from '../formats/common/reasons';
import { recognise } from '../formats/registry';
import { CHECKSUM_LIST_MAX_BYTES } from '../limits';
import { type CheckedSignature, checkAll } from './check-all';
import { formatOf, signatureDetails } from './check-details';
import { type ListLoad, loadCheckedList } from './checksum-list-source';
import { closeArtifact, type OpenArtifact, openArtifact } from './content-facts';
import { decidingCheck, decidingFinding } from './decide';
import { discoverCandidates, signedFileName } from './discover';
import { embeddedSignatures } from './embedded';
import { holdsChecksumList } from './holds-checksum-list';
import { entriesResult, type ListAnswer, listAnswer } from './list-finding';
import { verdictAndCode } from './outcome-verdict';
import { parseSignatureBytes, readSignatureFile, type SignatureFile } from './signature-file';
import { describeMessage } from './signed-message';
import { buildVerifyContext, type VerifyContext, type VerifyOptions } from './verify-options';

export type { VerifyOptions } from './verify-options';

type Finding = Omit<VerifyResult, 'file'>;

/**
 * Answers "who made this file, and has it changed since". Every signature and signed list that
 * names the file counts, and every digest and signature check comes from one read of one open
 * descriptor. Never throws for bad input: every failure becomes a non-verified verdict with a
 * plain reason. Only cancellation throws (SignetError 'cancelled').
 */
export async function verifyArtifact(file: string, options: VerifyOptions = {}): Promise<VerifyResult> {
  const path = resolve(file);
  let artifact: OpenArtifact | undefined;
  try {
    const ctx = await buildVerifyContext(options);
    artifact = openArtifact(path);
    const real = await realpath(path);
    const found = options.signatureFile
      ? await verifyWithGiven(artifact, real, resolve(options.signatureFile), ctx)
      : await verifyDiscovered(artifact, real, ctx);
    const details = [...(found.details ?? []), ...ctx.notes];
    const notes = [...(found.notes ?? []), ...ctx.notes];
    return {
      ...found,
      file: found.file ?? path,
      ...(details.length > 0 ? { details } : {}),
      ...(notes.length > 0 ? { notes } : {}),
    };
  } catch (error) {
    if (error instanceof SignetError && error.kind === 'cancelled') throw error;
    return { verdict: 'malformed', code: 'file-unreadable', file: path, reason: plainMessage(error) };
  } finally {
    if (artifact) closeArtifact(artifact);
  }
}

type Answer = Finding & { file?: string };

async function verifyWithGiven(
  artifact: OpenArtifact,
  real: string,
  signatureFile: string,
  ctx: VerifyContext,
): Promise<Answer> {
  // Read with the list cap because a signature may carry a list; a detached one keeps its kind's cap.
  const given = await readSignatureFile(signatureFile, CHECKSUM_LIST_MAX_BYTES);
  if ('unreadable' in given)
    return { verdict: 'malformed', code: given.code, signatureFile, reason: given.unreadable };
  if (given.recognised.sig.carriedMessage) {
    // A signature that carries a list (SHA256.sig) given for an artifact: the artifact is looked up in it.
    return answerFromLists(artifact, real, [await loadList(signatureFile, ctx)], [], ctx);
  }
  // --sig SHA256SUMS.minisig (any list name): the signature is over the list beside it.
  const base = signedFileName(signatureFile);
  if (base && (await isOtherRegularFile(base, real)) && (await holdsChecksumList(base))) {
    return answerFromLists(artifact, real, [await loadList(base, ctx, signatureFile)], [], ctx);
  }
  return answerFromLists(artifact, real, [], [given], ctx);
}

async function verifyDiscovered(artifact: OpenArtifact, real: string, ctx: VerifyContext): Promise<Answer> {
  const self = await selfSignature(artifact);
  if (self && 'recognised' in self) {
    if (self.recognised.sig.carriedMessage) return verifyCarried(self, ctx);
    const base = signedFileName(artifact.path);
    // Dropping SHA256SUMS.minisig (or a.tar.gz.sig) checks the file it is named after.
    if (base && (await isOtherRegularFile(base, real))) {
      return { ...(await verifyArtifactAgain(base, artifact.path, ctx)) };
    }
  }
  const { signatures, lists } = await discoverCandidates(artifact.path);
  const beside: SignatureFile[] = await embeddedSignatures(artifact);
  const carried: string[] = [];
  for (const file of signatures) {
    const read = await readSignatureFile(file);
    if ('recognised' in read && read.recognised.sig.carriedMessage) carried.push(file);
    else beside.push(read);
  }
  const loads: ListLoad[] = [];
  for (const list of [...carried, ...lists]) loads.push(await loadList(list, ctx));
  return answerFromLists(artifact, real, loads, beside, ctx);
}

async function loadList(listFile: string, ctx: VerifyContext, signatureFile?: string): Promise<ListLoad> {
  try {
    return await loadCheckedList(listFile, ctx, signatureFile);
  } catch (error) {
    if (error instanceof SignetError && error.kind === 'cancelled') throw error;
    return { damaged: `${basename(listFile)}: ${plainMessage(error)}`, listFile };
  }
}

/**
 * The decision over every candidate: detached signatures over the artifact and lists that name
 * it. Changed beats verified beats unknown signer beats unreadable; a kind Signet cannot read
 * never hides one it can.
 */
async function answerFromLists(
  artifact: OpenArtifact,
  real: string,
  loads: readonly ListLoad[],
  beside: readonly SignatureFile[],
  ctx: VerifyContext,
): Promise<Answer> {
  const fileName = basename(artifact.path);
  const findings: Finding[] = [];
  const pending: Extract<ListAnswer, { kind: 'entries' }>[] = [];
  const namesNone: string[] = [];
  let unsigned: string | undefined;
  for (const load of loads) {
    if ('unsigned' in load) {
      unsigned ??= load.listFile;
      continue;
    }
    if ('damaged' in load) {
      findings.push({
        verdict: 'malformed',
        code: 'damaged-list',
        checksumList: load.listFile,
        reason: load.damaged,
      });
      continue;
    }
    let answer: ListAnswer;
    try {
      answer = await listAnswer(load.signed, real, fileName);
    } catch (error) {
      findings.push({
        verdict: 'malformed',
        code: 'damaged-list',
        checksumList: load.signed.listFile,
        reason: `${basename(load.signed.listFile)}: ${plainMessage(error)}`,
      });
      continue;
    }
    if (answer.kind === 'result') findings.push(answer.result);
    else if (answer.kind === 'entries') pending.push(answer);
    else if (answer.kind === 'names-none') {
      namesNone.push(
        `${basename(answer.list.listFile)} is signed with ${keyPhrase(answer.list.decided.check.signerName)}, but it does not name this file.`,
      );
    }
  }
  const readable = beside.flatMap((f) => ('recognised' in f ? [{ ...f.recognised, file: f.file }] : []));
  const algorithms = [
    ...pending.flatMap((p) => p.entries.map((e) => e.algorithm)),
    ...(ctx.wantSha256 ? (['sha256'] as const) : []),
  ];
  const { checked, read } = await checkAll(readable, { artifact }, ctx, 'The file', algorithms, fileName);
  const digests = Object.fromEntries(
    Object.entries(read.digests).map(([a, d]) => [a, Buffer.from(d as Uint8Array)]),
  );
  for (const c of checked) findings.push(detachedFinding(c, ctx));
  for (const p of pending) findings.push(entriesResult(p.list, p.entries, digests));
  for (const f of beside)
    if ('unreadable' in f)
      findings.push({ verdict: 'malformed', code: f.code, signatureFile: f.file, reason: f.unreadable });
  const sha256 = digests.sha256?.toString('hex');
  const withHash = (finding: Finding): Finding => ({ ...finding, ...(sha256 ? { sha256 } : {}) });
  const best = decidingFinding(findings);
  if (best) return withHash(best);
  if (namesNone[0])
    return withHash({ verdict: 'no-signature', code: 'list-names-other-files', reason: namesNone[0] });
  if (unsigned) {
    return withHash({
      verdict: 'no-signature',
      code: 'unsigned-list',
      checksumList: unsigned,
      reason: `A checksum list (${basename(unsigned)}) is next to this file, but it is not signed, so it cannot tell who made the file.`,
    });
  }
  return withHash({
    verdict: 'no-signature',
    code: 'no-signature',
    reason: `No signature (${fileName}.minisig or .sig) and no signed checksum list naming this file was found next to it.`,
  });
}

function detachedFinding(c: CheckedSignature, ctx: VerifyContext): Finding {
  const format = formatOf(c.sig);
  return {
    ...verdictAndCode(c.check, { trustGiven: ctx.trustSource !== 'trust-list' }),
    reason: c.check.reason,
    ...(format ? { format } : {}),
    signatureFile: c.file,
    ...signatureDetails(c.check, c.sig.format),
  };
}

/** The checked file is itself a signature when its first bytes say so; read only then. */
async function selfSignature(artifact: OpenArtifact): Promise<SignatureFile | undefined> {
  if (artifact.size === 0 || artifact.size > CHECKSUM_LIST_MAX_BYTES) return undefined;
  const head = Buffer.alloc(Math.min(artifact.size, 4096));
  readSync(artifact.fd, head, 0, head.length, 0);
  if (!recognise(head)) return undefined;
  const bytes = Buffer.alloc(artifact.size);
  const got = readSync(artifact.fd, bytes, 0, bytes.length, 0);
  return parseSignatureBytes(artifact.path, bytes.subarray(0, got));
}

/** A signature that carries its message (signify -e), checked as itself: the verdict is about it. */
async function verifyCarried(
  self: Extract<SignatureFile, { recognised: unknown }>,
  ctx: VerifyContext,
): Promise<Answer> {
  const message = self.recognised.sig.carriedMessage!;
  const { checked } = await checkAll(
    [{ ...self.recognised, file: self.file }],
    { bytes: message },
    ctx,
    'The signed message',
  );
  const decided = decidingCheck(checked)!;
  const sha256 = createHash('sha256').update(self.bytes).digest('hex');
  return {
    ...detachedFinding(decided, ctx),
    sha256,
    signedMessage: describeMessage(message),
  };
}

async function verifyArtifactAgain(base: string, signatureFile: string, ctx: VerifyContext): Promise<Answer> {
  let artifact: OpenArtifact | undefined;
  try {
    artifact = openArtifact(base);
    const real = await realpath(base);
    return { ...(await verifyWithGiven(artifact, real, signatureFile, ctx)), file: base };
  } finally {
    if (artifact) closeArtifact(artifact);
  }
}

async function isOtherRegularFile(path: string, real: string): Promise<boolean> {
  try {
    if (!(await stat(path)).isFile()) return false;
    return (await realpath(path)) !== real;
  } catch {
    return false;
  }
}
