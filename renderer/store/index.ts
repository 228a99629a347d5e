import { create } from 'zustand';
import { createActivitySlice } from './activity-slice';
import { createJobsSlice } from './jobs-slice';
import { createKeysSlice } from './keys-slice';
import { createNavigationSlice } from './navigation-slice';
import { createSettingsSlice } from './settings-slice';
import { createSignSlice } from './sign-slice';
import { createTrustSlice } from './trust-slice';
import type { AppState } from './types';
import { createVerifySlice } from './verify-slice';

export type { AppState } from './types';

/** The one store, built from slices; passphrases never enter it. */
export const useAppStore = create<AppState>()((...args) => ({
  ...createNavigationSlice(...args),
  ...createJobsSlice(...args),
  ...createVerifySlice(...args),
  ...createSignSlice(...args),
  ...createKeysSlice(...args),
  ...createTrustSlice(...args),
  ...createActivitySlice(...args),
  ...createSettingsSlice(...args),
}));
