import { readFile } from 'node:fs/promises';
import type { BrowserContext } from 'playwright';
import { appResponseHeaders, resolveAppFile } from '../../electron/main/app-file';
import { APP_ORIGIN } from '../../electron/main/app-origin';
import { rendererDir, testOrigin } from './paths';

/**
 * Serves dist/renderer at the test origin with the app protocol's own rules: the same file lookup
 * (resolveAppFile) and the same headers, CSP included, as app://signet in Electron.
 */
export async function serveRenderer(context: BrowserContext): Promise<void> {
  await context.route(`${testOrigin}/**`, async (route) => {
    const request = route.request();
    const url = new URL(request.url());
    const file = resolveAppFile(rendererDir, `${APP_ORIGIN}${url.pathname}`);
    if (!file || (request.method() !== 'GET' && request.method() !== 'HEAD')) {
      await route.fulfill({
        status: 404,
        headers: appResponseHeaders('text/plain; charset=utf-8'),
        body: '',
      });
      return;
    }
    try {
      const body = await readFile(file.path);
      await route.fulfill({ status: 200, headers: appResponseHeaders(file.contentType), body });
    } catch {
      await route.fulfill({
        status: 404,
        headers: appResponseHeaders('text/plain; charset=utf-8'),
        body: '',
      });
    }
  });
  // Nothing else may load: a request to any other origin is a bug in the renderer.
  await context.route(
    (url) => !url.href.startsWith(`${testOrigin}/`) && !url.href.startsWith('data:'),
    (route) => route.abort('blockedbyclient'),
  );
}
