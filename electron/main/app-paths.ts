import { join } from 'node:path';
import type { App } from 'electron';
import { userConfigDir } from '../core/config/paths';

export interface AppPaths {
  /** Encrypted secret keys (owner-only folder, managed by the Keystore). */
  keysDir: string;
  /** The append-only signing log. */
  activityDir: string;
  /** The built renderer served as app://signet/. */
  rendererDir: string;
  preloadFile: string;
  /** The passphrase window's own two-call preload. */
  pinentryPreloadFile: string;
}

/**
 * Must run before the app is ready. The app keeps its data in the same folder as the CLI
 * (electron/core/config/paths.ts, which honours SIGNET_CONFIG_DIR), so keys and the trust list are shared;
 * Chromium's own caches go to a subfolder instead of cluttering it.
 */
export function configureAppPaths(app: App, bundleDir: string): AppPaths {
  const dataDir = userConfigDir();
  app.setPath('userData', dataDir);
  app.setPath('sessionData', join(dataDir, 'chromium'));
  return {
    keysDir: join(app.getPath('userData'), 'keys'),
    activityDir: join(app.getPath('userData'), 'activity'),
    rendererDir: join(bundleDir, '..', 'renderer'),
    preloadFile: join(bundleDir, 'preload.cjs'),
    pinentryPreloadFile: join(bundleDir, 'pinentry-preload.cjs'),
  };
}
