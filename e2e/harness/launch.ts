import type { LaunchOptions, SignetApp } from './app';
import { launchBrowserApp } from './browser-launch';
import { electronRequested, launchElectronApp } from './electron-launch';

export type { LaunchOptions, SignetApp } from './app';

/** Chromium with the real handlers by default; the real Electron app with SIGNET_E2E_ELECTRON=1. */
export function launchApp(options: LaunchOptions = {}): Promise<SignetApp> {
  return electronRequested() ? launchElectronApp(options) : launchBrowserApp(options);
}

/** Drag and drop needs the OS under Electron; specs that drop skip that step there. */
export const canDropFiles = !electronRequested();
