import { createHash } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { sha256sumLine } from '../checksums/sha256sum-line';
import { SignetError } from '../errors';
import type { PreparedOutput, ReleaseStyle, SigningSide, StyleOutput } from '../formats/signing-side';
import { writeFileAtomic } from '../fs/atomic-write';
import { pathExists } from '../fs/path-exists';
import type { Digests } from '../hashing/digest-algorithms';
import { digestFile } from '../hashing/digest-file';
import { digestMany } from '../hashing/digest-many';
import { readForSigning, type SigningReader } from './read-for-signing';
import type { WrittenChecksum } from './recheck-checksums';
import type { WrittenSignature } from './recheck-signatures';
import type { SignFileResult } from './sign-file';
import type { SignedChecksumList } from './write-checksum-list';

/** Where each file of a styled job goes: the list and its signatures first, then beside each file. */
export interface StyledOutputs {
  list?: { path: string; signatures: string[] };
  perFile: { file: string; signatures: string[]; checksums: string[] }[];
}

/** Every path a job in this style writes, for the preflight to list before anything is signed. */
export function styledOutputs(files: readonly string[], style: ReleaseStyle): StyledOutputs {
  const resolved = files.map((file) => resolve(file));
  const perFile =
    style.perFile.length + style.checksums.length === 0
      ? []
      : resolved.map((file) => ({
          file,
          signatures: style.perFile.map((output) => file + output.suffix),
          checksums: style.checksums.map((checksum) => file + checksum.suffix),
        }));
  if (!style.list) return { perFile };
  const folders = new Set(resolved.map((file) => dirname(file)));
  const [folder] = folders;
  if (folders.size !== 1 || folder === undefined) {
    throw new SignetError(
      'usage',
      `To write ${style.list.name}, all the files must be in the same folder. Nothing was signed.`,
    );
  }
  const path = join(folder, style.list.name);
  const signatures = style.list.outputs.map((output) => path + output.suffix);
  if (resolved.some((file) => file === path || signatures.includes(file))) {
    throw new SignetError('usage', 'The checksum list cannot list itself or its own signature.');
  }
  return { list: { path, signatures }, perFile };
}

/** What the styled job needs of the general one (sign-job.ts), kept narrow. */
export interface StyledJob<K> {
  files: readonly string[];
  key: K;
  created: Date;
  overwrite(output: string): boolean;
  skip(file: string, signatureFile: string): boolean | Promise<boolean>;
  signal?: AbortSignal;
  /** How each file is read (readForSigning unless the caller started the read earlier). */
  read?: SigningReader;
  log(file: string, sha256: string, output: string): Promise<void>;
  report: {
    listSigned?(list: SignedChecksumList): void;
    signed?(index: number, result: SignFileResult): void;
    skipped?(index: number, signatureFile: string): void;
    failed?(index: number, error: unknown): void;
    progress?(index: number, bytesDone: number, bytesTotal: number): void;
  };
}

export interface StyledResult {
  list?: SignedChecksumList;
  outcomes: (
    | { file: string; signed: SignFileResult }
    | { file: string; skipped: true; signatureFile: string }
    | { file: string; error: unknown }
  )[];
  written: WrittenSignature[];
  /** Every checksum file written beside a file (apache: FILE.sha512), for the read-back. */
  checksums: WrittenChecksum[];
}

/**
 * A release in a format's style (OpenPGP: apache, node, debian): the checksum list and its
 * signatures first (if it cannot be written, nothing is signed and its error ends the job), then
 * each file's signatures and checksum files from one read of it. Every output is written to a
 * temporary name and renamed, and replaces nothing the person did not say may be replaced.
 */
export async function runStyledJob<K>(
  job: StyledJob<K>,
  side: SigningSide<K>,
  style: ReleaseStyle,
): Promise<StyledResult> {
  const planned = styledOutputs(job.files, style);
  const written: WrittenSignature[] = [];
  const checksums: WrittenChecksum[] = [];
  const outcomes: StyledResult['outcomes'] = [];
  let list: SignedChecksumList | undefined;
  if (planned.list && style.list) {
    const { path, signatures } = planned.list;
    if (!(await job.skip(path, signatures[0] ?? path))) {
      const listed = await writeStyledList(job, side, style.list, path, signatures, written);
      list = listed.list;
      job.report.listSigned?.(list);
      // A style that signs only the list (node, debian) signs each file through it.
      if (planned.perFile.length === 0) {
        for (const [index, file] of job.files.entries()) {
          const sha256 = listed.sha256Of.get(resolve(file)) ?? '';
          const signed: SignFileResult = {
            file: resolve(file),
            signatureFile: list.signatureFile,
            sha256,
            digests: { sha256: Buffer.from(sha256, 'hex') },
            keyId: side.keyId(job.key),
          };
          outcomes.push({ file: resolve(file), signed });
          job.report.signed?.(index, signed);
        }
      }
    }
  }
  for (const [index, entry] of planned.perFile.entries()) {
    const file = entry.file;
    const first = entry.signatures[0] ?? entry.checksums[0] ?? file;
    if (await job.skip(job.files[index] ?? file, first)) {
      outcomes.push({ file, skipped: true, signatureFile: first });
      job.report.skipped?.(index, first);
      continue;
    }
    try {
      const signed = await signOneFile(job, side, style, index, entry, { written, checksums });
      outcomes.push({ file, signed });
      job.report.signed?.(index, signed);
    } catch (error) {
      outcomes.push({ file, error });
      job.report.failed?.(index, error);
    }
  }
  return { ...(list ? { list } : {}), outcomes, written, checksums };
}

async function signOneFile<K>(
  job: StyledJob<K>,
  side: SigningSide<K>,
  style: ReleaseStyle,
  index: number,
  entry: StyledOutputs['perFile'][number],
  { written, checksums }: { written: WrittenSignature[]; checksums: WrittenChecksum[] },
): Promise<SignFileResult> {
  if (job.signal?.aborted) throw new SignetError('cancelled', 'Cancelled.');
  await refuseExisting(job, [...entry.signatures, ...entry.checksums]);
  const prepared = style.perFile.map((output) => prepare(side, job, output));
  const read = await (job.read ?? readForSigning)(
    entry.file,
    {
      digests: ['sha256'],
      suffixed: [
        ...prepared.map((p) => ({ algorithm: p.algorithm, suffix: p.suffix })),
        ...style.checksums.map((c) => ({ algorithm: c.algorithm, suffix: new Uint8Array(0) })),
      ],
    },
    {
      onProgress: (p) => job.report.progress?.(index, p.bytesDone, p.bytesTotal),
      ...(job.signal ? { signal: job.signal } : {}),
    },
  );
  if (job.signal?.aborted) throw new SignetError('cancelled', 'Cancelled.');
  const sha256 = Buffer.from(read.digests.sha256 as Uint8Array).toString('hex');
  const digests: Digests = { sha256: Buffer.from(read.digests.sha256 as Uint8Array) };
  // Every output is made first and written side by side: each write waits on its own fsyncs.
  const outputs: { path: string; content: string | Uint8Array }[] = [];
  for (const [i, checksum] of style.checksums.entries()) {
    const digest = Buffer.from(read.suffixed[prepared.length + i] as Uint8Array);
    digests[checksum.algorithm] = digest;
    const checksumFile = entry.checksums[i] as string;
    outputs.push({
      path: checksumFile,
      content: `${sha256sumLine(digest.toString('hex'), basename(entry.file))}\n`,
    });
    checksums.push({ file: entry.file, checksumFile, algorithm: checksum.algorithm, digest });
  }
  const signed = prepared.map((output, i) => {
    const digest = read.suffixed[i] as Uint8Array;
    const signatureFile = entry.signatures[i] as string;
    outputs.push({ path: signatureFile, content: output.finish(digest) });
    return { file: entry.file, signatureFile, digests, suffixed: [{ suffix: output.suffix, digest }] };
  });
  await Promise.all(outputs.map((output) => writeOutput(job, output.path, output.content)));
  for (const signature of signed) {
    written.push(signature);
    await job.log(entry.file, sha256, signature.signatureFile);
  }
  return {
    file: entry.file,
    signatureFile: entry.signatures[0] ?? entry.checksums[0] ?? entry.file,
    outputs: [...entry.signatures, ...entry.checksums],
    sha256,
    digests,
    keyId: side.keyId(job.key),
  };
}

async function writeStyledList<K>(
  job: StyledJob<K>,
  side: SigningSide<K>,
  spec: NonNullable<ReleaseStyle['list']>,
  listFile: string,
  signatureFiles: string[],
  written: WrittenSignature[],
): Promise<{ list: SignedChecksumList; sha256Of: Map<string, string> }> {
  await refuseExisting(job, [listFile, ...signatureFiles]);
  const sha256Of = new Map<string, string>();
  const folder = dirname(listFile);
  const files = [...new Set(job.files.map((f) => resolve(f)))];
  const listed = await listDigests(files, spec.algorithm, job.signal);
  const logged = spec.algorithm === 'sha256' ? listed : await listDigests(files, 'sha256', job.signal);
  const lines: string[] = [];
  for (const file of files) {
    sha256Of.set(file, (logged.get(file) as Buffer).toString('hex'));
    lines.push(sha256sumLine((listed.get(file) as Buffer).toString('hex'), file.slice(folder.length + 1)));
  }
  const text = `${lines.join('\n')}\n`;
  const digests: Digests = {
    sha256: createHash('sha256').update(text).digest(),
    sha512: createHash('sha512').update(text).digest(),
  };
  // Signed in memory first, so the list and its signatures are written back to back.
  const contents = spec.outputs.map((output) => {
    if (output.style === 'clearsigned') {
      if (!side.clearsign) throw new SignetError('usage', 'This format cannot clearsign a list.');
      return { content: side.clearsign(text, job.key, job.created) as string | Uint8Array };
    }
    const prepared = prepare(side, job, output);
    const digest = new Uint8Array(
      createHash(prepared.algorithm).update(text).update(prepared.suffix).digest(),
    );
    return { content: prepared.finish(digest), suffixed: [{ suffix: prepared.suffix, digest }] };
  });
  if (job.signal?.aborted) throw new SignetError('cancelled', 'Cancelled.');
  await writeOutput(job, listFile, text);
  const sha256 = (digests.sha256 as Buffer).toString('hex');
  for (const [i, { content, suffixed }] of contents.entries()) {
    const signatureFile = signatureFiles[i] as string;
    await writeOutput(job, signatureFile, content);
    written.push({ file: listFile, signatureFile, digests, ...(suffixed ? { suffixed } : {}) });
    await job.log(listFile, sha256, signatureFile);
  }
  return {
    list: { listFile, signatureFile: signatureFiles[0] ?? listFile, signatureFiles, sha256, digests },
    sha256Of,
  };
}

/**
 * Each listed file's digest: one file on this thread, several on a pool of hashing workers (a
 * release of a thousand files hashes on every core). A file that cannot be read ends the list.
 */
async function listDigests(
  files: readonly string[],
  algorithm: 'sha256' | 'sha512',
  signal: AbortSignal | undefined,
): Promise<Map<string, Buffer>> {
  const options = signal ? { signal } : {};
  if (files.length === 1) {
    const file = files[0] as string;
    const digests = await digestFile(file, [algorithm], { regularOnly: true, ...options });
    return new Map([[file, digests[algorithm] as Buffer]]);
  }
  const outcomes = await digestMany(files, algorithm, options);
  const digests = new Map<string, Buffer>();
  for (const file of files) {
    const outcome = outcomes.get(file);
    if (!(outcome instanceof Buffer)) throw outcome ?? new SignetError('io', `${file} could not be read.`);
    digests.set(file, outcome);
  }
  return digests;
}

function prepare<K>(side: SigningSide<K>, job: StyledJob<K>, output: StyleOutput): PreparedOutput {
  if (!side.prepare) throw new SignetError('usage', 'This format cannot sign in a release style.');
  return side.prepare(job.key, output, job.created);
}

/** Fails before a file is read when an output is there and may not be replaced. */
async function refuseExisting<K>(job: StyledJob<K>, outputs: readonly string[]): Promise<void> {
  for (const output of outputs) {
    if (!job.overwrite(output) && (await pathExists(output))) {
      throw new SignetError('exists', `${output} already exists; nothing was overwritten.`);
    }
  }
}

function writeOutput<K>(job: StyledJob<K>, path: string, content: string | Uint8Array): Promise<void> {
  return writeFileAtomic(path, content, { mode: 0o644, overwrite: job.overwrite(path) });
}
