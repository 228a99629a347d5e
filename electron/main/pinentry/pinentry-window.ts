import { BrowserWindow, screen } from 'electron';
import { PINENTRY_PROMPT_EVENT, type PinentryPromptView } from '../../../shared/ipc/pinentry';
import { APP_ORIGIN } from '../app-origin';
import type { PinentryWindowPort } from './pinentry-service';
import { PINENTRY_FIRST_HEIGHT, PINENTRY_WIDTH, pinentryHeightFor } from './pinentry-size';

const PINENTRY_URL = `${APP_ORIGIN}/pinentry.html`;

/**
 * main's passphrase window: small, modal to the main window, its own sandboxed page and a preload of
 * two calls. Its web contents id is how the guard tells it apart from the main window. Its height
 * follows its page (Chromium's preferred size), so a strength hint or a problem line never pushes
 * the buttons out of sight.
 */
export function createPinentryWindow(options: {
  preloadFile: string;
  parent: () => BrowserWindow | null;
  onClosedByPerson: () => void;
}): PinentryWindowPort & { contentsId(): number | undefined } {
  let win: BrowserWindow | null = null;
  let latest: PinentryPromptView | null = null;
  /** Windows main closed itself (the prompt was answered); any other close is the person cancelling. */
  const closedByMain = new WeakSet<BrowserWindow>();

  const open = (): BrowserWindow => {
    const parent = options.parent() ?? undefined;
    const created = new BrowserWindow({
      width: PINENTRY_WIDTH,
      height: PINENTRY_FIRST_HEIGHT,
      useContentSize: true,
      resizable: false,
      minimizable: false,
      maximizable: false,
      fullscreenable: false,
      show: false,
      title: 'Signet passphrase',
      ...(parent ? { parent, modal: true } : {}),
      webPreferences: {
        preload: options.preloadFile,
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        webviewTag: false,
        spellcheck: false,
        devTools: false,
        navigateOnDragDrop: false,
        enablePreferredSizeMode: true,
      },
    });
    created.webContents.on('preferred-size-changed', (_event, preferred) => {
      if (created.isDestroyed()) return;
      const workArea = screen.getDisplayMatching(created.getBounds()).workArea;
      // A window that may not be resized by the person cannot be shrunk by main either on some
      // systems (Electron issue 42258): allowed for the moment of the change only.
      created.setResizable(true);
      created.setContentSize(PINENTRY_WIDTH, pinentryHeightFor(preferred.height, workArea.height));
      created.setResizable(false);
    });
    created.webContents.on('did-finish-load', () => {
      if (latest) created.webContents.send(PINENTRY_PROMPT_EVENT, latest);
    });
    created.once('ready-to-show', () => created.show());
    created.on('closed', () => {
      if (win === created) win = null;
      if (!closedByMain.has(created)) options.onClosedByPerson();
    });
    void created.loadURL(PINENTRY_URL);
    return created;
  };

  return {
    show(view) {
      latest = view;
      if (win && !win.isDestroyed()) {
        win.webContents.send(PINENTRY_PROMPT_EVENT, view);
        win.focus();
        return;
      }
      win = open();
    },
    close() {
      latest = null;
      if (!win || win.isDestroyed()) return;
      closedByMain.add(win);
      win.close();
      win = null;
    },
    contentsId: () => (win && !win.isDestroyed() ? win.webContents.id : undefined),
  };
}
