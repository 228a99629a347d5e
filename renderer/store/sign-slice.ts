import type { ReleaseKitView, SignOutcome, SignPart, SignRecheck } from '../../shared/ipc/contract';
import { call, errorSentence, wasCancelled } from '../lib/bridge';
import { newJobId } from '../lib/job-id';
import type { SliceCreator } from './types';

/** 'declined': the person said no in one of main's dialogs before anything was signed. */
type SignStatus = 'idle' | 'signing' | 'done' | 'cancelled' | 'declined' | 'failed';

/** The signed comment each file would get, or why it could not be worked out. */
type CommentPreview = { comment: string } | { error: string };

export interface SignResult {
  outcomes: SignOutcome[];
  checksumList?: string;
  checksumListSignature?: string;
  checksumListSignatures?: string[];
  checksumListSkipped?: boolean;
  recheck?: SignRecheck;
  /** The kit main wrote for a release signed in a style. */
  releaseKit?: ReleaseKitView;
  /** The key these were signed with (for the release kit). */
  keyId: string;
}

interface SignState {
  files: string[];
  previews: Record<string, CommentPreview>;
  /** Files that already have a .minisig beside them (a hint; main itself asks before replacing). */
  signed: Record<string, true>;
  status: SignStatus;
  jobId: string | null;
  result: SignResult | null;
  /** A release signed with several keys: each key's part, in the order signed. */
  parts: SignPart[] | null;
  error: string | null;
  /** main's words for a request the person declined ("You chose not to replace …"). */
  note: string | null;
  cancelRequested: boolean;
}

/**
 * What signing needs. No passphrase (main asks in its own window) and no overwrite flag (main asks the
 * person itself before replacing anything).
 */
interface SignRequest {
  keyId: string;
  writeChecksumList: boolean;
  /** The signed comment for every file; empty or absent: the time and each file's name. */
  trustedComment?: string;
  /** A release style the key signs in (main lists them); absent for the key's own way. */
  style?: string;
  /** A key that signs inside files: the time-stamping server, and the program name and address stated. */
  timestampUrl?: string;
  description?: string;
  url?: string;
}

export interface SignSlice {
  sign: SignState;
  addSignFiles(files: string[]): void;
  chooseSignFiles(): Promise<void>;
  removeSignFile(file: string): void;
  clearSignFiles(): void;
  /** Files that already have a signature beside them, so the person can be asked before replacing. */
  existingSignatures(): Promise<string[]>;
  signFiles(request: SignRequest): Promise<void>;
  /** The same files signed with several keys in one go (main asks each key's passphrase in turn). */
  signWithKeys(request: {
    keys: { keyId: string; style?: string }[];
    writeChecksumList: boolean;
    trustedComment?: string;
  }): Promise<void>;
  cancelSign(): Promise<void>;
  dismissSignResult(): void;
}

const initial: SignState = {
  files: [],
  previews: {},
  signed: {},
  status: 'idle',
  jobId: null,
  result: null,
  parts: null,
  error: null,
  note: null,
  cancelRequested: false,
};

export const createSignSlice: SliceCreator<SignSlice> = (set, get) => {
  const patch = (changes: Partial<SignState>) => set((state) => ({ sign: { ...state.sign, ...changes } }));
  const setPreview = (file: string, preview: CommentPreview) =>
    set((state) =>
      state.sign.files.includes(file)
        ? { sign: { ...state.sign, previews: { ...state.sign.previews, [file]: preview } } }
        : state,
    );

  async function loadPreview(file: string) {
    try {
      const { trustedComment } = await call('previewTrustedComment', { file });
      setPreview(file, { comment: trustedComment });
    } catch (error) {
      setPreview(file, { error: errorSentence(error) });
    }
  }

  async function markSigned(files: string[]) {
    try {
      const { existing } = await call('existingSignatures', { files });
      if (existing.length === 0) return;
      set((state) => ({
        sign: {
          ...state.sign,
          signed: { ...state.sign.signed, ...Object.fromEntries(existing.map((f) => [f, true as const])) },
        },
      }));
    } catch {
      // Only a hint: main checks again, and asks, when signing.
    }
  }

  /**
   * One signing request to main: the list's files, its progress under a new job id, and what it
   * leaves. A file leaves the list once every key has signed or skipped it; one that failed stays so
   * the person can try again. main's "no" in its own dialog is told apart from a failure.
   */
  async function runSignRequest(
    send: (
      jobId: string,
      files: string[],
    ) => Promise<{ shown: Pick<SignState, 'result'> | Pick<SignState, 'parts'>; outcomes: SignOutcome[][] }>,
  ) {
    const { files } = get().sign;
    if (files.length === 0) return;
    const jobId = newJobId('sign');
    patch({
      status: 'signing',
      jobId,
      result: null,
      parts: null,
      error: null,
      note: null,
      cancelRequested: false,
    });
    try {
      const { shown, outcomes } = await send(jobId, files);
      if (get().sign.jobId !== jobId) return;
      const doneByAll = (file: string) =>
        outcomes.every((each) => each.some((o) => o.file === file && (o.signatureFile || o.skipped)));
      patch({
        ...shown,
        status: get().sign.cancelRequested && !files.every(doneByAll) ? 'cancelled' : 'done',
        files: files.filter((file) => !doneByAll(file)),
      });
    } catch (error) {
      if (get().sign.jobId !== jobId) return;
      if (get().sign.cancelRequested) patch({ status: 'cancelled' });
      else if (wasCancelled(error)) patch({ status: 'declined', note: errorSentence(error) });
      else patch({ status: 'failed', error: errorSentence(error) });
    } finally {
      get().forgetJob(jobId);
    }
  }

  return {
    sign: initial,

    addSignFiles(files) {
      const known = new Set(get().sign.files);
      const added = files.filter((f) => !known.has(f));
      if (added.length === 0) return;
      const status = get().sign.status === 'signing' ? 'signing' : 'idle';
      patch({ files: [...get().sign.files, ...added], status, result: null, parts: null, error: null });
      for (const file of added) void loadPreview(file);
      void markSigned(added);
    },

    async chooseSignFiles() {
      try {
        const { files } = await call('chooseFiles', { purpose: 'sign', multiple: true });
        get().addSignFiles(files);
      } catch (error) {
        patch({ error: errorSentence(error) });
      }
    },

    removeSignFile(file) {
      const { [file]: _gone, ...previews } = get().sign.previews;
      patch({ files: get().sign.files.filter((f) => f !== file), previews });
    },

    clearSignFiles: () => patch({ files: [], previews: {}, signed: {} }),

    async existingSignatures() {
      const { files } = get().sign;
      if (files.length === 0) return [];
      const { existing } = await call('existingSignatures', { files });
      return existing;
    },

    async signFiles({ keyId, writeChecksumList, trustedComment, style, timestampUrl, description, url }) {
      await runSignRequest(async (jobId, files) => {
        const response = await call('signFiles', {
          jobId,
          keyId,
          files,
          writeChecksumList,
          ...(trustedComment?.trim() ? { trustedComment } : {}),
          ...(style ? { style } : {}),
          ...(timestampUrl?.trim() ? { timestampUrl: timestampUrl.trim() } : {}),
          ...(description?.trim() ? { description: description.trim() } : {}),
          ...(url?.trim() ? { url: url.trim() } : {}),
        });
        return { shown: { result: { ...response, keyId } }, outcomes: [response.outcomes] };
      });
    },

    async signWithKeys({ keys, writeChecksumList, trustedComment }) {
      await runSignRequest(async (jobId, files) => {
        const { parts } = await call('signWithKeys', {
          jobId,
          files,
          keys,
          writeChecksumList,
          ...(trustedComment?.trim() ? { trustedComment } : {}),
        });
        return { shown: { parts }, outcomes: parts.map((part) => part.outcomes) };
      });
    },

    async cancelSign() {
      const { jobId, status } = get().sign;
      if (!jobId || status !== 'signing') return;
      patch({ cancelRequested: true });
      try {
        await call('cancelJob', { jobId });
      } catch {
        // Already finished: its answer arrives as usual.
      }
    },

    dismissSignResult: () => patch({ status: 'idle', result: null, parts: null, error: null, note: null }),
  };
};
