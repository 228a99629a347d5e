import { timingSafeEqual } from 'node:crypto';
import type { VerifyResult } from '../../../shared/verdict';
import { SignetError } from '../../core/errors';
import { assertRegularFile } from '../grants/grant-registry';
import { artifactsToCheck } from './artifacts-to-check';
import { parseExpectedChecksum } from './expected-checksum';
import type { JobRegistry } from './job-registry';
import { jobVerifier } from './job-verifier';
import { createProgressReporter } from './progress-reporter';
import type { HandlerDeps, Handlers, HashingPort } from './types';
import type { VerdictMemory } from './verdict-memory';

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
      const granted = await deps.grants.resolveFiles(dropped);
      const chosenSignature = signatureFile ? await deps.grants.resolveFile(signatureFile) : undefined;
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
            results.push(
              await verifyArtifact(file, {
                signatureFile: chosenSignature,
                trusted,
                signal,
                // Hashing runs wherever `hashing` says: a worker thread in the app, so a multi-gigabyte
                // file never blocks the main process.
                digest: hashing.digestFile,
                onProgress: (p) => progress.update(index, file, p.bytesDone, p.bytesTotal),
              }),
            );
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
      const real = await deps.grants.resolveFile(file);
      return jobs.run(jobId, async (signal) => {
        let actual: Buffer | undefined;
        try {
          actual = (await hashing.digestFile(real, [wanted.algorithm], { signal, regularOnly: true }))[
            wanted.algorithm
          ];
        } catch (error) {
          if (signal.aborted || (error instanceof SignetError && error.kind === 'cancelled')) {
            throw new SignetError('cancelled', 'Comparing was cancelled. No result was given.');
          }
          throw error;
        }
        if (!actual) throw new SignetError('io', 'The file could not be read to work out its checksum.');
        const match = actual.length === wanted.digest.length && timingSafeEqual(actual, wanted.digest);
        const name = wanted.algorithm === 'sha256' ? 'SHA-256' : 'SHA-512';
        return {
          match,
          algorithm: wanted.algorithm,
          message: match
            ? `The ${name} checksum matches: this is the file the website describes.`
            : `The ${name} checksum does not match: this is not the file the website describes. Do not use it.`,
        };
      });
    },
  };
}

function cancelled(): SignetError {
  return new SignetError('cancelled', 'Checking was cancelled. No result was given.');
}
