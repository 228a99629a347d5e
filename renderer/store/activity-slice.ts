import type { ActivityEntry } from '../../shared/ipc/contract';
import { call, errorSentence } from '../lib/bridge';
import type { LoadStatus, SliceCreator } from './types';

export interface ActivitySlice {
  activity: { entries: ActivityEntry[]; status: LoadStatus; error: string | null };
  loadActivity(): Promise<void>;
}

export const createActivitySlice: SliceCreator<ActivitySlice> = (set) => ({
  activity: { entries: [], status: 'idle', error: null },

  async loadActivity() {
    set((state) => ({ activity: { ...state.activity, status: 'loading', error: null } }));
    try {
      const { entries } = await call('listActivity', {});
      // Newest first: people look for what they just did.
      const sorted = [...entries].sort((a, b) => b.time.localeCompare(a.time));
      set({ activity: { entries: sorted, status: 'ready', error: null } });
    } catch (error) {
      set((state) => ({ activity: { ...state.activity, status: 'failed', error: errorSentence(error) } }));
    }
  },
});
