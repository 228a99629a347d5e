import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { appResponseHeaders, resolveAppFile } from './app-file';
import { APP_SCHEME } from './app-origin';

/**
 * Must run before the app is ready. `standard` gives app://signet a real origin (so relative URLs
 * resolve); `secure` makes it a secure context like https. No CORS, fetch, service-worker or
 * CSP-bypass privileges: the page needs none of them, because its scripts are classic scripts (no
 * CORS-mode module fetches; the evidence is in scripts/build-app.mjs).
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true } },
  ]);
}

/** Serves the renderer bundle from `rendererDir` and nothing else. */
export function serveAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return notFound(405);
    const file = resolveAppFile(rendererDir, request.url);
    if (!file) return notFound(404);
    try {
      const body = request.method === 'HEAD' ? null : await readFile(file.path);
      return new Response(body, { status: 200, headers: appResponseHeaders(file.contentType) });
    } catch {
      return notFound(404);
    }
  });
}

function notFound(status: number): Response {
  return new Response(null, { status, headers: appResponseHeaders('text/plain; charset=utf-8') });
}
