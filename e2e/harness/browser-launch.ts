import { basename } from 'node:path';
import { type Browser, chromium } from 'playwright';
import { dispatch } from '../../electron/main/ipc/guard';
import type { LaunchOptions, SignetApp } from './app';
import { defaultViewport } from './app';
import { ensureRendererBuilt } from './ensure-build';
import { createMainSide } from './main-side';
import { pageBridgeScript } from './page-bridge';
import { testOrigin } from './paths';
import { serveRenderer } from './serve-renderer';

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

export function launchChromium(): Promise<Browser> {
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
      { url: source.frame.url(), isMainFrame: source.frame === source.page.mainFrame() },
      {
        isAllowedSenderUrl: (url) => url.startsWith(`${testOrigin}/`),
        onUnexpectedError: (name, error) =>
          pageProblems.push(`unexpected error in ${name}: ${String(error)}`),
      },
    ),
  );
  await page.addInitScript({ content: await pageBridgeScript() });
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
    keystore: main.keystore,
    trust: main.trust,
    pageProblems,
    async willOpen(...paths) {
      main.dialogs.willOpen(...paths);
    },
    async willSave(path) {
      main.dialogs.willSave(path);
    },
    async revealedPaths() {
      return [...main.shell.revealed];
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

interface HarnessPage {
  __signetHarness: {
    emit(event: string, payload: unknown): void;
    fileWithPath(name: string, path: string): File;
  };
}
