/**
 * The same specs against the real Electron app, for machines that have the Electron binary (a
 * developer laptop; CI here cannot download it). Selected with SIGNET_E2E_ELECTRON=1:
 *
 *   npm run build && SIGNET_E2E_ELECTRON=1 npx vitest run e2e
 *
 * What differs from the Chromium harness (./browser-launch.ts): the page talks to the real main
 * process over Electron's IPC (preload.ts -> ipcMain -> guard.dispatch -> handlers), the window is the
 * real one with its real CSP and app:// protocol, and keys use minisign's full scrypt cost. The native
 * dialogs and shell.showItemInFolder are replaced inside the main process by a queue the spec fills,
 * exactly as FakeDialogs does in the Chromium harness, and system notifications are recorded there
 * instead of shown (Notification.prototype.show), so a spec reads them and emits their 'click'. Dropping files needs the OS's drag and drop, so
 * dropFiles is refused here; the specs that drop files also choose files through the dialog.
 */

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { _electron as electron } from 'playwright';
import { Keystore } from '../../electron/core/keystore/keystore';
import { TrustStore } from '../../electron/core/trust/trust-store';
import type { LaunchOptions, SignetApp } from './app';
import { makeAppDirs } from './main-side';
import { repoRoot } from './paths';
import { clickThatClosesWindow } from './ui';

/** What main showed as a notification: Electron's own Notification object, which emits 'click'. */
interface RecordedNotification {
  title: string;
  body: string;
  emit(event: 'click'): boolean;
}

interface E2EQueue {
  notices: RecordedNotification[];
  noticeWaiters: Array<() => void>;
  open: string[][];
  save: Array<string | null>;
  revealed: string[];
  opened: string[];
  confirmAnswers: Array<boolean | 'alternative'>;
  asked: Array<{
    title: string;
    message: string;
    detail: string;
    confirmLabel: string;
    alternativeLabel?: string;
  }>;
}

export function electronRequested(): boolean {
  return process.env.SIGNET_E2E_ELECTRON === '1';
}

/** The path of the Electron binary, as the electron package reports it (it throws when none was downloaded). */
function electronBinary(): string {
  const require = createRequire(join(repoRoot, 'package.json'));
  return require('electron') as string;
}

export async function launchElectronApp(options: LaunchOptions = {}): Promise<SignetApp> {
  if (!existsSync(join(repoRoot, 'dist', 'electron', 'main.cjs'))) {
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot, stdio: 'inherit' });
  }
  const dirs = await makeAppDirs('signet-e2e-electron-');

  const app = await electron.launch({
    executablePath: electronBinary(),
    // `electron <folder>` starts package.json's main (dist/electron/main.cjs), as `npm start` does.
    args: [repoRoot],
    env: {
      ...process.env,
      SIGNET_CONFIG_DIR: dirs.config,
      SIGNET_MANAGED_TRUST_FILE: dirs.managedTrustFile,
      // The download check watches this folder instead of the person's Downloads (ignored when packaged).
      SIGNET_DOWNLOADS_DIR: dirs.downloads,
    },
    colorScheme: options.colorScheme ?? 'light',
  });

  // Inside the main process: the native dialogs and the file manager answer from a queue.
  await app.evaluate(({ dialog, shell, Notification }) => {
    const queue: E2EQueue = {
      notices: [],
      noticeWaiters: [],
      open: [],
      save: [],
      revealed: [],
      opened: [],
      confirmAnswers: [],
      asked: [],
    };
    // System notifications are recorded instead of shown (the desktop's cannot be read back); the
    // object is Electron's own, so a spec's click is the 'click' event main listens to.
    Notification.isSupported = () => true;
    Notification.prototype.show = function (this: RecordedNotification) {
      queue.notices.push(this);
      for (const wake of queue.noticeWaiters.splice(0)) wake();
    };
    (globalThis as unknown as { __signetE2E: E2EQueue }).__signetE2E = queue;
    dialog.showOpenDialog = (async () => {
      const next = queue.open.shift() ?? [];
      return { canceled: next.length === 0, filePaths: next };
    }) as typeof dialog.showOpenDialog;
    dialog.showSaveDialog = (async () => {
      const next = queue.save.shift() ?? null;
      return { canceled: next === null, filePath: next ?? '' };
    }) as typeof dialog.showSaveDialog;
    shell.openExternal = async (url: string) => {
      queue.opened.push(url);
    };
    shell.showItemInFolder = (path: string) => {
      queue.revealed.push(path);
    };
    // main's confirmations: recorded in main's own words, answered as the spec queued (else Cancel).
    dialog.showMessageBox = (async (...args: unknown[]) => {
      const options = (args.length > 1 ? args[1] : args[0]) as {
        title?: string;
        message: string;
        detail?: string;
        buttons?: string[];
      };
      queue.asked.push({
        title: options.title ?? '',
        message: options.message,
        detail: options.detail ?? '',
        confirmLabel: options.buttons?.[1] ?? '',
        ...(options.buttons?.[2] ? { alternativeLabel: options.buttons[2] } : {}),
      });
      // Button 1 goes ahead; button 2 is the alternative where main offers one (confirm-dialog.ts).
      const answer = queue.confirmAnswers.shift();
      const response = answer === 'alternative' ? 2 : answer ? 1 : 0;
      return { response, checkboxChecked: false };
    }) as typeof dialog.showMessageBox;
  });
  const passphraseWindow = async () => {
    const isPinentry = (p: import('playwright').Page) => p.url().endsWith('/pinentry.html');
    const open = app.windows().find(isPinentry);
    const pin = open ?? (await app.waitForEvent('window', { predicate: isPinentry }));
    await pin.getByRole('heading').waitFor();
    return pin;
  };

  const page = await app.firstWindow();
  await page.setViewportSize(options.viewport ?? { width: 1120, height: 780 });
  const pageProblems: string[] = [];
  page.on('pageerror', (error) => pageProblems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') pageProblems.push(`console error: ${message.text()}`);
  });
  await page.getByRole('navigation', { name: 'Sections' }).waitFor();

  return {
    page,
    dirs,
    keystore: new Keystore(dirs.keys),
    trust: new TrustStore({ configDir: dirs.config, managedFile: dirs.managedTrustFile }),
    pageProblems,
    notifications: {
      count: () =>
        app.evaluate(() => (globalThis as unknown as { __signetE2E: E2EQueue }).__signetE2E.notices.length),
      async next(seen) {
        const { title, body } = await app.evaluate(
          (_electron, index) =>
            new Promise<{ title: string; body: string }>((resolve) => {
              const queue = (globalThis as unknown as { __signetE2E: E2EQueue }).__signetE2E;
              const look = () => {
                const notice = queue.notices[index];
                if (notice) resolve({ title: notice.title, body: notice.body });
                else queue.noticeWaiters.push(look);
              };
              look();
            }),
          seen,
        );
        return {
          title,
          body,
          click: async () => {
            await app.evaluate((_electron, index) => {
              (globalThis as unknown as { __signetE2E: E2EQueue }).__signetE2E.notices[index]?.emit('click');
            }, seen);
          },
        };
      },
    },
    async willOpen(...paths) {
      await app.evaluate((_electron, next) => {
        (globalThis as unknown as { __signetE2E: E2EQueue }).__signetE2E.open.push(next);
      }, paths);
    },
    async willSave(path) {
      await app.evaluate((_electron, next) => {
        (globalThis as unknown as { __signetE2E: E2EQueue }).__signetE2E.save.push(next);
      }, path);
    },
    async willConfirm(answer) {
      await app.evaluate((_electron, next) => {
        (globalThis as unknown as { __signetE2E: E2EQueue }).__signetE2E.confirmAnswers.push(next);
      }, answer);
    },
    confirmations: () =>
      app.evaluate(() => [...(globalThis as unknown as { __signetE2E: E2EQueue }).__signetE2E.asked]),
    passphraseWindow,
    async typePassphrase(passphrase) {
      const window = await passphraseWindow();
      await window.getByLabel(/^(New passphrase|Passphrase)$/).fill(passphrase);
      const repeat = window.getByLabel('Type it again');
      if ((await repeat.count()) > 0) await repeat.fill(passphrase);
      await clickThatClosesWindow(window.getByRole('button', { name: /^(Unlock|Use this passphrase)$/ }));
    },
    async revealedPaths() {
      return app.evaluate(() => [
        ...(globalThis as unknown as { __signetE2E: E2EQueue }).__signetE2E.revealed,
      ]);
    },
    async openedUrls() {
      return app.evaluate(() => [...(globalThis as unknown as { __signetE2E: E2EQueue }).__signetE2E.opened]);
    },
    // The window is denied the clipboard-read permission (as it should be); the main process can read it.
    readClipboard: () => app.evaluate(({ clipboard }) => clipboard.readText()),
    memoryKiB: () =>
      app.evaluate(({ app: electronApp }) =>
        electronApp.getAppMetrics().reduce((sum, metric) => sum + metric.memory.workingSetSize, 0),
      ),
    async dropFiles() {
      throw new Error(
        'Dropping files needs the operating system under Electron; choose them with willOpen instead.',
      );
    },
    async close() {
      await app.close();
      await rm(dirs.root, { recursive: true, force: true });
    },
  };
}
