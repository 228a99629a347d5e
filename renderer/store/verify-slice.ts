import type { VerifyResult } from '../../shared/verdict';
import { call, errorSentence } from '../lib/bridge';
import { newJobId } from '../lib/job-id';
import type { SliceCreator } from './types';

export type VerifyStatus = 'idle' | 'checking' | 'done' | 'cancelled' | 'failed';

export interface VerifyState {
  status: VerifyStatus;
  jobId: string | null;
  files: string[];
  results: VerifyResult[];
  error: string | null;
  /** A signature file the person picked; used for the next checks instead of looking beside the file. */
  signatureFile: string | null;
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
}

const initial: VerifyState = {
  status: 'idle',
  jobId: null,
  files: [],
  results: [],
  error: null,
  signatureFile: null,
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
      const signatureFile = previous.signatureFile;
      patch({ status: 'checking', jobId, files, results: [], error: null, cancelRequested: false });
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

    resetVerify: () =>
      set((state) => ({ verify: { ...initial, signatureFile: state.verify.signatureFile } })),
  };
};
