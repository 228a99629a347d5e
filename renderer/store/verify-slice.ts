import type { ChecksumComparison } from '../../shared/ipc/contract';
import type { VerifyResult } from '../../shared/verdict';
import { call, errorSentence } from '../lib/bridge';
import { newJobId } from '../lib/job-id';
import type { SliceCreator } from './types';

type VerifyStatus = 'idle' | 'checking' | 'done' | 'cancelled' | 'failed';

interface VerifyState {
  status: VerifyStatus;
  jobId: string | null;
  files: string[];
  results: VerifyResult[];
  error: string | null;
  /** A signature file the person picked: used for the next check only, then cleared with it. */
  signatureFile: string | null;
  /** The picked signature file the shown results were checked against, if any. */
  usedSignatureFile: string | null;
  /** Checksums pasted from a website and compared, by file: part of that file's one answer. */
  comparisons: Record<string, ChecksumComparison>;
  cancelRequested: boolean;
}

export interface VerifySlice {
  verify: VerifyState;
  verifyFiles(files: string[]): Promise<void>;
  chooseAndVerify(): Promise<void>;
  chooseSignatureFile(): Promise<void>;
  clearSignatureFile(): void;
  cancelVerify(): Promise<void>;
  resetVerify(): void;
  /** Shows a problem found before any check could start (a drop with no file path). */
  showVerifyProblem(message: string): void;
  /** Records (or with undefined, forgets) the comparison of a pasted checksum for one file. */
  setComparison(file: string, comparison: ChecksumComparison | undefined): void;
}

const initial: VerifyState = {
  status: 'idle',
  jobId: null,
  files: [],
  results: [],
  error: null,
  signatureFile: null,
  usedSignatureFile: null,
  comparisons: {},
  cancelRequested: false,
};

export const createVerifySlice: SliceCreator<VerifySlice> = (set, get) => {
  const patch = (changes: Partial<VerifyState>) =>
    set((state) => ({ verify: { ...state.verify, ...changes } }));
  // A newer run replaces an older one; answers for a run nobody is waiting for are dropped.
  const isCurrent = (jobId: string) => get().verify.jobId === jobId;

  return {
    verify: initial,

    async verifyFiles(files) {
      if (files.length === 0) return;
      const previous = get().verify;
      // A new drop replaces a check still running; nobody is waiting for the old one any more.
      if (previous.status === 'checking' && previous.jobId) {
        call('cancelJob', { jobId: previous.jobId }).catch(() => {});
      }
      const jobId = newJobId('verify');
      // A picked signature belongs to this one check: the next download must not be judged by it.
      const signatureFile = previous.signatureFile;
      patch({
        status: 'checking',
        jobId,
        files,
        results: [],
        comparisons: {},
        error: null,
        cancelRequested: false,
        signatureFile: null,
        usedSignatureFile: signatureFile,
      });
      try {
        const { results } = await call('verifyFiles', {
          jobId,
          files,
          ...(signatureFile ? { signatureFile } : {}),
        });
        if (!isCurrent(jobId)) return;
        if (get().verify.cancelRequested) patch({ status: 'cancelled', results: [] });
        else patch({ status: 'done', results });
      } catch (error) {
        if (!isCurrent(jobId)) return;
        if (get().verify.cancelRequested) patch({ status: 'cancelled' });
        else patch({ status: 'failed', error: errorSentence(error) });
      } finally {
        get().forgetJob(jobId);
      }
    },

    async chooseAndVerify() {
      try {
        const { files } = await call('chooseFiles', { purpose: 'verify', multiple: true });
        await get().verifyFiles(files);
      } catch (error) {
        patch({ status: 'failed', error: errorSentence(error) });
      }
    },

    async chooseSignatureFile() {
      try {
        const { files } = await call('chooseFiles', { purpose: 'signature', multiple: false });
        const chosen = files[0];
        if (chosen) patch({ signatureFile: chosen });
      } catch (error) {
        patch({ status: 'failed', error: errorSentence(error) });
      }
    },

    clearSignatureFile: () => patch({ signatureFile: null }),

    async cancelVerify() {
      const { jobId, status } = get().verify;
      if (!jobId || status !== 'checking') return;
      patch({ cancelRequested: true });
      try {
        await call('cancelJob', { jobId });
      } catch {
        // The job may have just finished; its answer will arrive and be shown as cancelled anyway.
      }
    },

    showVerifyProblem: (message) => patch({ status: 'failed', error: message, results: [] }),

    // Clearing the results keeps a signature file picked for the next check, not yet used.
    resetVerify: () =>
      set((state) => ({ verify: { ...initial, signatureFile: state.verify.signatureFile } })),

    setComparison: (file, comparison) =>
      set((state) => {
        const { [file]: _old, ...rest } = state.verify.comparisons;
        return {
          verify: { ...state.verify, comparisons: comparison ? { ...rest, [file]: comparison } : rest },
        };
      }),
  };
};
