import type { DownloadCheckStatus } from '../../shared/ipc/contract';
import type { PolicySummary } from '../../shared/policy-summary';
import { call, errorSentence } from '../lib/bridge';
import type { LoadStatus, SliceCreator } from './types';

export interface SettingsSlice {
  downloadCheck: {
    status: DownloadCheckStatus | null;
    load: LoadStatus;
    /** A change was asked for and main has not answered yet (its own dialog may be open). */
    saving: boolean;
    error: string | null;
  };
  loadDownloadCheck(): Promise<void>;
  /** The organisation's policy in force, as main reads it now (it may change while Signet runs). */
  policy: { summary: PolicySummary | null; unreadable: string | null; load: LoadStatus };
  loadPolicy(): Promise<void>;
  /** Main asks the person in its own dialog before turning it on; the answer is what main reports back. */
  setDownloadCheck(enabled: boolean): Promise<void>;
}

export const createSettingsSlice: SliceCreator<SettingsSlice> = (set) => ({
  downloadCheck: { status: null, load: 'idle', saving: false, error: null },
  policy: { summary: null, unreadable: null, load: 'idle' },

  async loadPolicy() {
    set((state) => ({ policy: { ...state.policy, load: 'loading' } }));
    try {
      const { summary, unreadable } = await call('policyInForce', {});
      set({ policy: { summary: summary ?? null, unreadable: unreadable ?? null, load: 'ready' } });
    } catch (error) {
      set({ policy: { summary: null, unreadable: errorSentence(error), load: 'failed' } });
    }
  },

  async loadDownloadCheck() {
    set((state) => ({ downloadCheck: { ...state.downloadCheck, load: 'loading', error: null } }));
    try {
      const status = await call('downloadCheckStatus', {});
      set((state) => ({ downloadCheck: { ...state.downloadCheck, status, load: 'ready' } }));
    } catch (error) {
      set((state) => ({
        downloadCheck: { ...state.downloadCheck, load: 'failed', error: errorSentence(error) },
      }));
    }
  },

  async setDownloadCheck(enabled) {
    set((state) => ({ downloadCheck: { ...state.downloadCheck, saving: true, error: null } }));
    try {
      const status = await call('setDownloadCheck', { enabled });
      set((state) => ({ downloadCheck: { ...state.downloadCheck, status, load: 'ready', saving: false } }));
    } catch (error) {
      set((state) => ({
        downloadCheck: { ...state.downloadCheck, saving: false, error: errorSentence(error) },
      }));
    }
  },
});
