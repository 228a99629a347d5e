import { type App, BrowserWindow, nativeTheme, type Session } from 'electron';
import { APP_ENTRY_URL, isAppUrl } from './app-origin';

const DARK_BACKGROUND = '#1b1c1f';
const LIGHT_BACKGROUND = '#ffffff';

/**
 * The one window. Every option here is a line of Electron's security checklist: the page runs
 * sandboxed, isolated from the preload, without Node, webviews or devtools in a packaged build.
 */
export function createMainWindow(options: { preloadFile: string; devTools: boolean }): BrowserWindow {
  const win = new BrowserWindow({
    width: 1100,
    height: 760,
    minWidth: 720,
    minHeight: 520,
    show: false,
    title: 'Signet',
    backgroundColor: nativeTheme.shouldUseDarkColors ? DARK_BACKGROUND : LIGHT_BACKGROUND,
    webPreferences: {
      preload: options.preloadFile,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      spellcheck: false,
      devTools: options.devTools,
      // A file dropped outside the drop zone must not replace the app with file:// content.
      navigateOnDragDrop: false,
      safeDialogs: true,
    },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_ENTRY_URL);
  return win;
}

/**
 * Applies to every web contents the app ever creates, not only the main window: no navigation away
 * from the app, no new windows, no webviews.
 */
export function hardenAllWebContents(app: App): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

/**
 * The app needs no camera, notifications, clipboard-read, USB, HID or serial access: all are refused.
 * Writing to the clipboard (the Copy buttons for key ids, public keys and checksums) is the one
 * exception, and only for the app's own page.
 */
const ALLOWED_PERMISSIONS = new Set(['clipboard-sanitized-write']);

export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((contents, permission, callback) =>
    callback(ALLOWED_PERMISSIONS.has(permission) && isAppUrl(contents.getURL())),
  );
  session.setPermissionCheckHandler(
    (_contents, permission, origin) => ALLOWED_PERMISSIONS.has(permission) && isAppUrl(origin),
  );
  session.setDevicePermissionHandler(() => false);
}

/** Follows the operating system's light or dark setting, including changes while the app runs. */
export function followSystemTheme(getWindow: () => BrowserWindow | null): void {
  nativeTheme.themeSource = 'system';
  nativeTheme.on('updated', () => {
    getWindow()?.setBackgroundColor(nativeTheme.shouldUseDarkColors ? DARK_BACKGROUND : LIGHT_BACKGROUND);
  });
}
