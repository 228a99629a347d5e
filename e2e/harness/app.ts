import type { Page } from 'playwright';
import type { Keystore } from '../../electron/core/keystore/keystore';
import type { RawAdminValue } from '../../electron/core/policy/admin-values';
import type { TrustStore } from '../../electron/core/trust/trust-store';
import type { Confirmation } from '../../electron/main/handlers/types';
import type { MainSideDirs } from './main-side';

/**
 * What a spec drives, whichever way the app was started (Chromium + real handlers here, or the real
 * Electron app where a binary exists). Keystore and TrustStore point at the same folders the app uses,
 * so a spec can set up or check state on disk in both modes.
 */
export interface SignetApp {
  page: Page;
  dirs: MainSideDirs;
  keystore: Keystore;
  trust: TrustStore;
  /** The next native open dialog "chooses" these paths ([] = Cancel). */
  willOpen(...paths: string[]): Promise<void>;
  /** The next native save dialog "chooses" this path (null = Cancel). */
  willSave(path: string | null): Promise<void>;
  /**
   * The next confirmation main asks in its own native dialog is answered so (none queued = Cancel);
   * 'alternative' presses the third button where main offers one ("Skip those that exist").
   */
  willConfirm(answer: boolean | 'alternative'): Promise<void>;
  /** Every confirmation main asked, in its own words, in order. */
  confirmations(): Promise<Array<Confirmation & { alternativeLabel?: string }>>;
  /**
   * main's passphrase window once it shows a prompt: its own page (the harness's second page, or the
   * real window under Electron). Type there, never in `page`.
   */
  passphraseWindow(): Promise<Page>;
  /** Types a passphrase (twice for a new one) in main's passphrase window and submits it. */
  typePassphrase(passphrase: string): Promise<void>;
  /** Paths the app asked the file manager to show. */
  revealedPaths(): Promise<string[]>;
  /** Addresses main asked the person's browser to open (a login page), in order. */
  openedUrls(): Promise<string[]>;
  /** The system clipboard's text (what a Copy button put there). */
  readClipboard(): Promise<string>;
  /** Drops files on the visible drop zone as the OS would, each carrying its path. */
  dropFiles(paths: string[]): Promise<void>;
  /** The system notifications main showed (the download check's), in order; a spec can click one. */
  notifications: NotificationsShown;
  /** Problems the page reported: uncaught errors, console errors, CSP violations. */
  pageProblems: string[];
  /**
   * Real Electron only: the memory every process of the app holds now (working sets, KiB, from
   * Electron's app.getAppMetrics()), for the start-up figures CI keeps (issue 21).
   */
  memoryKiB?(): Promise<number>;
  close(): Promise<void>;
}

/** A notification as the person sees it; `click()` is the person clicking it. */
interface ShownNotification {
  title: string;
  body: string;
  click(): Promise<void>;
}

export interface NotificationsShown {
  /** How many have been shown so far. */
  count(): Promise<number>;
  /** The one after the first `seen` (waits until main shows it; at once when it already has). */
  next(seen: number): Promise<ShownNotification>;
}

export type ColorScheme = 'light' | 'dark';

export interface LaunchOptions {
  colorScheme?: ColorScheme;
  viewport?: { width: number; height: number };
  /**
   * Group Policy's values (HKLM\Software\Policies\Signet) as a stand-in registry answers them; a
   * spec may change the map while the app runs. Chromium path only: the real app asks the OS.
   */
  groupPolicy?: Map<string, RawAdminValue>;
}

export const defaultViewport = { width: 1120, height: 780 };
