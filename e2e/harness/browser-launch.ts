import { basename } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright';
import { dispatch, dispatchPinentry } from '../../electron/main/ipc/guard';
import {
  PINENTRY_FIRST_HEIGHT,
  PINENTRY_WIDTH,
  pinentryHeightFor,
} from '../../electron/main/pinentry/pinentry-size';
import type { PinentryPromptView } from '../../shared/ipc/pinentry';
import type { LaunchOptions, SignetApp } from './app';
import { defaultViewport } from './app';
import { ensureRendererBuilt } from './ensure-build';
import { notificationsOf } from './fake-notifier';
import { createMainSide, type MainSide } from './main-side';
import { pageBridgeScript, pinentryBridgeScript } from './page-bridge';
import { testOrigin } from './paths';
import { serveRenderer } from './serve-renderer';
import { clickThatClosesWindow } from './ui';

/** The screen height the harness's passphrase window is kept within. */
const HARNESS_WORK_AREA = 1040;

/** Debian's Chromium; the Playwright-managed browsers are never downloaded. */
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/**
 * The built renderer in Chromium, its window.signet wired to the real handlers in this Node process
 * through the same createBridge (page side) and guard.dispatch (main side) the app uses.
 */
export async function launchBrowserApp(options: LaunchOptions = {}): Promise<SignetApp> {
  ensureRendererBuilt();
  const main = await createMainSide();
  const browser = await launchChromium();
  const context = await browser.newContext({
    viewport: options.viewport ?? defaultViewport,
    colorScheme: options.colorScheme ?? 'light',
    reducedMotion: 'reduce',
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: testOrigin });
  await serveRenderer(context);
  const page = await context.newPage();
  const pageProblems: string[] = [];
  page.on('pageerror', (error) => pageProblems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') pageProblems.push(`console error: ${message.text()}`);
  });

  await page.exposeBinding('__signetInvoke', (source, channel: unknown, request: unknown) =>
    dispatch(
      main.handlers,
      channel,
      request,
      {
        url: source.frame.url(),
        isMainFrame: source.frame === source.page.mainFrame(),
        window: source.page === page ? 'main' : 'other',
      },
      {
        isAllowedSenderUrl: (url) => url.startsWith(`${testOrigin}/`),
        onUnexpectedError: (name, error) =>
          pageProblems.push(`unexpected error in ${name}: ${String(error)}`),
      },
    ),
  );
  // The preload's dropped-files channel: a grant in main, from the main page's top frame only.
  await page.exposeBinding('__signetDropped', (source, paths: unknown) => {
    if (source.page !== page || source.frame !== page.mainFrame() || !Array.isArray(paths)) return;
    main.grants.grant(
      paths.filter((p): p is string => typeof p === 'string'),
      'dropped',
    );
  });
  await page.addInitScript({ content: await pageBridgeScript() });
  const pinentry = pinentryPages(context, main, pageProblems);
  main.setEmitter((event, payload) => {
    page
      .evaluate(([name, body]) => (window as unknown as HarnessPage).__signetHarness.emit(name, body), [
        event,
        payload,
      ] as const)
      .catch(() => {
        // The page is closing; events for it no longer matter.
      });
  });

  await page.goto(`${testOrigin}/index.html`);
  await page.getByRole('navigation', { name: 'Sections' }).waitFor();

  return {
    page,
    dirs: main.dirs,
    notifications: notificationsOf(main.notifier),
    keystore: main.keystore,
    trust: main.trust,
    pageProblems,
    async willOpen(...paths) {
      main.dialogs.willOpen(...paths);
    },
    async willSave(path) {
      main.dialogs.willSave(path);
    },
    async willConfirm(answer) {
      main.confirm.willAnswer(answer);
    },
    async confirmations() {
      return [...main.confirm.asked];
    },
    passphraseWindow: () => pinentry.next(),
    async typePassphrase(passphrase) {
      const window = await pinentry.next();
      await window.getByLabel(/^(New passphrase|Passphrase)$/).fill(passphrase);
      const repeat = window.getByLabel('Type it again');
      if ((await repeat.count()) > 0) await repeat.fill(passphrase);
      await clickThatClosesWindow(window.getByRole('button', { name: /^(Unlock|Use this passphrase)$/ }));
    },
    async revealedPaths() {
      return [...main.shell.revealed];
    },
    async openedUrls() {
      return [...main.shell.opened];
    },
    readClipboard: () => page.evaluate(() => navigator.clipboard.readText()),
    async dropFiles(paths) {
      const named = paths.map((path) => ({ path, name: basename(path) }));
      await page.getByTestId('dropzone').evaluate((zone, files) => {
        const harness = (window as unknown as HarnessPage).__signetHarness;
        const transfer = new DataTransfer();
        for (const { name, path } of files) transfer.items.add(harness.fileWithPath(name, path));
        for (const type of ['dragenter', 'dragover', 'drop']) {
          zone.dispatchEvent(
            new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }),
          );
        }
      }, named);
    },
    async close() {
      await browser.close();
      await main.dispose();
    },
  };
}

/**
 * main's passphrase window in the harness: a second page of the same browser, served the built
 * pinentry.html (its own bundle and CSP), its window.pinentry wired to the real PinentryService's two
 * channels through dispatchPinentry, which accepts them from this page only.
 */
function pinentryPages(context: BrowserContext, main: MainSide, pageProblems: string[]) {
  let current: Promise<Page> | null = null;
  /** The page while it shows a prompt main still waits on; null once answered (main closes it then). */
  let ready: Page | null = null;
  const waiting: Array<() => void> = [];

  async function open(): Promise<Page> {
    const pin = await context.newPage();
    await pin.setViewportSize({ width: PINENTRY_WIDTH, height: PINENTRY_FIRST_HEIGHT });
    // As main sizes its window to the page's preferred size (pinentry-window.ts), on a 1080 px screen.
    await pin.exposeBinding('__pinentryPreferredHeight', async (_source, height: unknown) => {
      if (typeof height !== 'number' || pin.isClosed()) return;
      await pin
        .setViewportSize({ width: PINENTRY_WIDTH, height: pinentryHeightFor(height, HARNESS_WORK_AREA) })
        .catch(() => {});
    });
    pin.on('pageerror', (error) => pageProblems.push(`passphrase page error: ${error.message}`));
    await pin.exposeBinding('__pinentryInvoke', (source, channel: unknown, request: unknown) =>
      dispatchPinentry(
        main.pinentry,
        channel,
        request,
        {
          url: source.frame.url(),
          isMainFrame: source.frame === source.page.mainFrame(),
          window: source.page === pin ? 'pinentry' : 'other',
        },
        { isAllowedSenderUrl: (url) => url.startsWith(`${testOrigin}/`) },
      ),
    );
    await pin.addInitScript({ content: await pinentryBridgeScript() });
    await pin.goto(`${testOrigin}/pinentry.html`);
    return pin;
  }

  main.setPinentryWindow({
    show(view: PinentryPromptView) {
      current ??= open();
      const showing = current;
      void showing
        .then(async (pin) => {
          await pin.evaluate(
            (prompt) => (window as unknown as PinentryHarnessPage).__pinentryHarness.prompt(prompt),
            view,
          );
          await pin.getByRole('heading', { name: view.title }).waitFor();
          if (current !== showing) return;
          ready = pin;
          for (const wake of waiting.splice(0)) wake();
        })
        .catch(() => {
          // The page was closed while the prompt was on its way.
        });
    },
    close() {
      const closing = current;
      current = null;
      ready = null;
      void closing?.then((pin) => pin.close()).catch(() => {});
    },
  });

  return {
    /** The window once it shows a prompt that main is waiting on. */
    async next(): Promise<Page> {
      while (!ready) await new Promise<void>((wake) => waiting.push(wake));
      return ready;
    },
  };
}

interface PinentryHarnessPage {
  __pinentryHarness: { prompt(view: unknown): void };
}

interface HarnessPage {
  __signetHarness: {
    emit(event: string, payload: unknown): void;
    fileWithPath(name: string, path: string): File;
  };
}
