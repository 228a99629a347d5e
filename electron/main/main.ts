import { app, type BrowserWindow, dialog, ipcMain, session, shell } from 'electron';
import type { EventMap, EventName } from '../../shared/ipc/events';
import { declareRunContext } from '../core/config/overrides';
import { plainMessage } from '../core/errors';
import { sigstoreRootMaterial } from '../core/formats/sigstore-root';
import { Keystore } from '../core/keystore/keystore';
import { TrustStore } from '../core/trust/trust-store';
import { configureAppPaths } from './app-paths';
import { filesFromArgv } from './argv-files';
import { createConfirm } from './confirm-dialog';
import { createDialogs } from './dialogs';
import { DownloadChecks } from './downloads/download-checks';
import { downloadsFolder } from './downloads/downloads-folder';
import { createElectronNotifier } from './downloads/electron-notifier';
import { DOWNLOAD_JOB_PREFIX, verifyDownloadWith } from './downloads/verify-download';
import { GrantRegistry } from './grants/grant-registry';
import { createHandlers } from './handlers/create-handlers';
import type { HashingPort } from './handlers/types';
import { registerIpcHandlers } from './ipc/register-ipc-handlers';
import { PinentryService, pinentryHandlers } from './pinentry/pinentry-service';
import { createPinentryWindow } from './pinentry/pinentry-window';
import { registerAppScheme, serveAppProtocol } from './protocol';
import { SettingsStore } from './settings/settings-store';
import { taskbarFraction } from './taskbar-progress';
import { createMainWindow, denyAllPermissions, followSystemTheme, hardenAllWebContents } from './window';
import { createWorkerHashing } from './worker-hashing';

// Everything before `ready`: the sandbox for every renderer, the scheme, the data folders and the
// single-instance lock.
app.enableSandbox();
declareRunContext({ packaged: app.isPackaged }); // test-only environment overrides are inert when packaged
registerAppScheme();
// Windows shows a notification only for an app whose id matches its Start-menu shortcut's
// (electron-builder.yml appId), so the download check's notifications need it.
if (process.platform === 'win32') app.setAppUserModelId('org.signet.app');
const paths = configureAppPaths(app, __dirname);
/** `electron .` puts the app folder in argv[1]; a packaged app starts its arguments at argv[1]. */
const firstArgument = process.defaultApp ? 2 : 1;

let mainWindow: BrowserWindow | null = null;
/** Files handed over before the window could take them (macOS open-file fires before ready). */
let pendingFiles: string[] = [];
let windowLoaded = false;
/** Every file the person handed over (dropped, chosen, opened with Signet); the only paths the page may name. */
const grants = new GrantRegistry();

const launch = { argv: process.argv, cwd: process.cwd() };
if (!app.requestSingleInstanceLock(launch)) {
  // Another Signet is running; it receives our files through 'second-instance'.
  app.quit();
} else {
  hardenAllWebContents(app);
  app.on('second-instance', (_event, argv, workingDirectory, additionalData) => {
    const data = additionalData as Partial<typeof launch> | undefined;
    const args = Array.isArray(data?.argv) ? data.argv.map(String) : argv;
    const cwd = typeof data?.cwd === 'string' ? data.cwd : workingDirectory;
    void filesFromArgv(args, cwd, firstArgument).then(handOver);
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  app.on('open-file', (event, path) => {
    event.preventDefault();
    void filesFromArgv([path], process.cwd(), 0).then(handOver);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (app.isReady() && !mainWindow) openWindow();
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      console.error('Signet could not start:', error);
      dialog.showErrorBox('Signet could not start', plainMessage(error));
      app.quit();
    });
}

async function start(): Promise<void> {
  serveAppProtocol(paths.rendererDir);
  denyAllPermissions(session.defaultSession);
  followSystemTheme(() => mainWindow);

  const hashing: HashingPort = createWorkerHashing();
  const pinentryWindow = createPinentryWindow({
    preloadFile: paths.pinentryPreloadFile,
    parent: () => mainWindow,
    onClosedByPerson: () => pinentry.cancel(),
  });
  const pinentry = new PinentryService(pinentryWindow);
  // Off until the person turns it on in Settings; then each finished download is checked as a drop is.
  const downloadChecks = new DownloadChecks({
    settings: new SettingsStore(app.getPath('userData')),
    downloadsDir: downloadsFolder(app),
    verify: verifyDownloadWith(grants, () => handlers),
    notifier: createElectronNotifier(),
    openCard: (file) => {
      if (!mainWindow) openWindow();
      else if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow?.focus();
      handOver([file]);
    },
  });
  const handlers = createHandlers({
    keystore: new Keystore(paths.keysDir),
    trust: new TrustStore(),
    activityDir: paths.activityDir,
    // The public-good Sigstore root kept current in the config folder; the organisation's managed
    // settings (a pinned root, updates off) go in the second argument once they carry them.
    sigstoreRoot: sigstoreRootMaterial(app.getPath('userData')),
    dialogs: createDialogs(() => mainWindow),
    shell: {
      async revealInFolder(path) {
        shell.showItemInFolder(path);
      },
      async openExternal(url) {
        await shell.openExternal(url);
      },
      async trashItem(path) {
        await shell.trashItem(path);
      },
    },
    confirm: createConfirm(() => mainWindow),
    passphrases: pinentry,
    grants,
    emit: sendToWindow,
    hashing,
    onJobsIdle: () => mainWindow?.setProgressBar(-1),
    downloadChecks,
  });
  registerIpcHandlers(ipcMain, {
    handlers,
    pinentry: pinentryHandlers(pinentry),
    windowOf: (id) =>
      id === pinentryWindow.contentsId() ? 'pinentry' : id === mainWindow?.webContents.id ? 'main' : 'other',
    onDropped: (dropped) => grants.grant(dropped, 'dropped'),
    policy: {
      onUnexpectedError: (channel, error) => console.error(`Signet: unexpected error in ${channel}:`, error),
    },
  });

  pendingFiles.push(...(await filesFromArgv(process.argv, process.cwd(), firstArgument)));
  openWindow();
  await downloadChecks.start();
}

function openWindow(): void {
  windowLoaded = false;
  const win = createMainWindow({ preloadFile: paths.preloadFile, devTools: !app.isPackaged });
  win.webContents.on('did-finish-load', () => {
    windowLoaded = true;
    handOver([]);
  });
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  mainWindow = win;
}

/** Sends files to the page once it can listen (the preload buffers them until the page subscribes). */
function handOver(files: string[]): void {
  pendingFiles.push(...files);
  if (!mainWindow || !windowLoaded || pendingFiles.length === 0) return;
  const all = [...new Set(pendingFiles)];
  pendingFiles = [];
  // Handed to Signet by the person (command line, "Open with", a second launch): granted.
  grants.grant(all, 'opened');
  // The contract bounds a file list at 500; more arrive as several lists.
  for (let start = 0; start < all.length; start += 500) {
    sendToWindow('openFiles', { files: all.slice(start, start + 500) });
  }
}

function sendToWindow<E extends EventName>(event: E, payload: EventMap[E]): void {
  const win = mainWindow;
  if (!win || win.isDestroyed()) return;
  // A download check runs on its own, unseen by the page; its verdict arrives as a notification.
  if (event === 'jobProgress' && (payload as EventMap['jobProgress']).jobId.startsWith(DOWNLOAD_JOB_PREFIX))
    return;
  win.webContents.send(event, payload);
  if (event === 'jobProgress') win.setProgressBar(taskbarFraction(payload as EventMap['jobProgress']));
}
