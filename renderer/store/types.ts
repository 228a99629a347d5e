import type { StateCreator } from 'zustand';
import type { ActivitySlice } from './activity-slice';
import type { JobsSlice } from './jobs-slice';
import type { KeysSlice } from './keys-slice';
import type { NavigationSlice } from './navigation-slice';
import type { SettingsSlice } from './settings-slice';
import type { SignSlice } from './sign-slice';
import type { TrustSlice } from './trust-slice';
import type { VerifySlice } from './verify-slice';

export type AppState = NavigationSlice &
  JobsSlice &
  VerifySlice &
  SignSlice &
  KeysSlice &
  TrustSlice &
  ActivitySlice &
  SettingsSlice;

/** zustand's slices pattern: each slice sees the whole state but owns only its own keys. */
export type SliceCreator<Slice> = StateCreator<AppState, [], [], Slice>;

/** A list fetched from the main process. */
export type LoadStatus = 'idle' | 'loading' | 'ready' | 'failed';
