import { homedir } from 'node:os';
import { join } from 'node:path';
import type { App } from 'electron';

/**
 * The folder the download check watches: the OS's Downloads folder, or SIGNET_DOWNLOADS_DIR for tests
 * (ignored by a packaged app, like every test override). Electron throws when the OS names none.
 */
export function downloadsFolder(app: Pick<App, 'getPath' | 'isPackaged'>, env = process.env): string {
  if (!app.isPackaged && env.SIGNET_DOWNLOADS_DIR) return env.SIGNET_DOWNLOADS_DIR;
  try {
    const folder = app.getPath('downloads');
    if (typeof folder === 'string' && folder !== '') return folder;
  } catch {
    // Falls through to the usual place.
  }
  return join(homedir(), 'Downloads');
}
