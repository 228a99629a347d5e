import { timingSafeEqual } from 'node:crypto';
import { HASH_LABEL, isWeakChecksum } from '../../../shared/hash-label';
import type { VerifyResult } from '../../../shared/verdict';
import { SignetError } from '../../core/errors';
import { assertRegularFile, type GrantPurpose } from '../grants/grant-registry';
import { artifactsToCheck } from './artifacts-to-check';
import { withBesideHint } from './beside-hints';
import { type ExpectedAlgorithm, parseExpectedChecksum } from './expected-checksum';
import type { JobRegistry } from './job-registry';
import { jobVerifier } from './job-verifier';
import { createProgressReporter } from './progress-reporter';
import { readOffThread } from './small-files-in-process';
import type { HandlerDeps, Handlers, HashingPort } from './types';
import type { VerdictMemory } from './verdict-memory';
import { weakDigest } from './weak-checksum';

/** A check only says what it found, never what it read: a file given to sign may be checked too. */
const CHECKABLE: readonly GrantPurpose[] = ['check', 'sign'];

export function createVerifyHandlers(
  deps: HandlerDeps,
  jobs: JobRegistry,
  hashing: HashingPort,
  now: () => number,
  verdicts: VerdictMemory,
): Pick<Handlers, 'verifyFiles' | 'compareChecksum'> {
  return {
    async verifyFiles({ jobId, files: dropped, signatureFile }) {
      // Only files the person handed over; the signatures and lists beside them main finds itself.
      const granted = await deps.grants.resolveFiles(dropped, CHECKABLE);
      const chosenSignature = signatureFile
        ? await deps.grants.resolveFile(signatureFile, 'signature')
        : undefined;
      return jobs.run(jobId, async (signal) => {
        const files = chosenSignature ? granted : await artifactsToCheck(granted);
        for (const file of files) await assertRegularFile(file);
        // Read once per job: a signer added while a job runs applies to the next job.
        const { trusted, verifyArtifact } = await jobVerifier(deps);
        const progress = createProgressReporter({ jobId, fileCount: files.length, emit: deps.emit, now });
        const results: VerifyResult[] = [];
        for (const [index, file] of files.entries()) {
          if (signal.aborted) break;
          try {
            const result = await verifyArtifact(file, {
              signatureFile: chosenSignature,
              trusted,
              signal,
              // Hashing runs wherever `hashing` says: a worker thread in the app, so a multi-gigabyte
              // file never blocks the main process.
              digest: hashing.digestFile,
              // A small file is read here, though: a worker each made 100 of them slow.
              offThread: await readOffThread(file),
              onProgress: (p) => progress.update(index, file, p.bytesDone, p.bytesTotal),
            });
            results.push(await withBesideHint(result));
          } catch (error) {
            // verifyArtifact throws only when cancelled.
            if (error instanceof SignetError && error.kind === 'cancelled') throw cancelled();
            throw error;
          }
        }
        // A cancelled check has no answer; showing the partial verdicts could read as one.
        if (signal.aborted) throw cancelled();
        for (const result of results) {
          verdicts.remember(result);
          deps.grants.allowShowing([result.signatureFile, result.checksumList]);
        }
        return { results };
      });
    },

    async compareChecksum({ jobId, file, expected }) {
      const wanted = parseExpectedChecksum(expected);
      const real = await deps.grants.resolveFile(file, CHECKABLE);
      return jobs.run(jobId, async (signal) => {
        const actual = await actualDigest(hashing, real, wanted.algorithm, signal);
        const match = actual.length === wanted.digest.length && timingSafeEqual(actual, wanted.digest);
        return { match, algorithm: wanted.algorithm, message: comparisonSentence(wanted.algorithm, match) };
      });
    },
  };
}

async function actualDigest(
  hashing: HashingPort,
  path: string,
  algorithm: ExpectedAlgorithm,
  signal: AbortSignal,
): Promise<Buffer> {
  if (isWeakChecksum(algorithm)) return weakDigest(path, algorithm, signal);
  let actual: Buffer | undefined;
  try {
    actual = (await hashing.digestFile(path, [algorithm], { signal, regularOnly: true }))[algorithm];
  } catch (error) {
    if (signal.aborted || (error instanceof SignetError && error.kind === 'cancelled')) {
      throw new SignetError('cancelled', 'Comparing was cancelled. No result was given.');
    }
    throw error;
  }
  if (!actual) throw new SignetError('io', 'The file could not be read to work out its checksum.');
  return actual;
}

/** What the comparison proves, in words: an old kind is named and its limit said once. */
function comparisonSentence(algorithm: ExpectedAlgorithm, match: boolean): string {
  const name = HASH_LABEL[algorithm];
  if (!match) {
    // What to do depends on the signature too, so the card's headline says it; this only says what
    // the comparison found.
    return `The ${name} checksum does not match: it describes another file, not this one.`;
  }
  if (isWeakChecksum(algorithm)) {
    return `The ${name} checksum matches, so the download is complete. ${name} is an old kind of checksum: someone who swaps the file on purpose can make it match, so it cannot prove who made the file.`;
  }
  return `The ${name} checksum matches: this is the file the website describes.`;
}

function cancelled(): SignetError {
  return new SignetError('cancelled', 'Checking was cancelled. No result was given.');
}
