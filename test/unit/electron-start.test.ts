import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { load } from 'js-yaml';
import { chromium } from 'playwright';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../e2e/harness/browser-launch';
import { repoRoot } from '../../e2e/harness/paths';
import { locateHashWorker } from '../../electron/core/hashing/worker-location';

/**
 * What only real Electron would otherwise reveal at start-up, checked on the built
 * bundles without the Electron binary: the pages load classic scripts only, the sandboxed preloads
 * require nothing but `electron`, the hash worker is unpacked from the asar, and the app protocol's
 * own handler answers every request the built pages make.
 */
const rendererDir = join(repoRoot, 'dist', 'renderer');
const pages = ['index.html', 'pinentry.html'];

// protocol.ts registers its handler with Electron; here it is captured and driven directly.
const captured = vi.hoisted(() => ({ handler: null as null | ((request: Request) => Promise<Response>) }));
vi.mock('electron', () => ({
  protocol: {
    registerSchemesAsPrivileged() {},
    handle(_scheme: string, handler: (request: Request) => Promise<Response>) {
      captured.handler = handler;
    },
  },
}));

function scriptTags(html: string): string[] {
  return [...html.matchAll(/<script\b[^>]*>/gi)].map((match) => match[0]);
}

describe('the pages use classic scripts only (no CORS-mode module fetch over app://)', () => {
  it.each(pages)('%s: every script is a deferred classic script of the bundle', async (page) => {
    const html = await readFile(join(rendererDir, page), 'utf8');
    const tags = scriptTags(html);
    expect(tags.length).toBeGreaterThan(0);
    for (const tag of tags) {
      expect(tag).not.toMatch(/type\s*=/i);
      expect(tag).not.toMatch(/crossorigin/i);
      expect(tag).toMatch(/\bdefer\b/);
      expect(tag).toMatch(/src="\.\/[a-z-]+\.js"/);
    }
  });

  it.each(['app.js', 'pinentry.js'])(
    '%s parses as a classic script (no import or export)',
    async (bundle) => {
      const code = await readFile(join(rendererDir, bundle), 'utf8');
      expect(() => new Script(code, { filename: bundle })).not.toThrow();
    },
  );
});

describe('the sandboxed preloads', () => {
  it.each(['preload.cjs', 'pinentry-preload.cjs'])('%s requires only electron', async (bundle) => {
    const code = await readFile(join(repoRoot, 'dist', 'electron', bundle), 'utf8');
    const statically = new Set(
      [...code.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]),
    );
    expect([...statically]).toEqual(['electron']);
    // No require built at run time either: run it with a require that records every call.
    const asked: string[] = [];
    const noop = () => {};
    const electron = {
      contextBridge: { exposeInMainWorld: noop },
      ipcRenderer: { on: noop, removeListener: noop, invoke: async () => undefined, send: noop },
      webUtils: { getPathForFile: () => '' },
    };
    const fakeRequire = (name: string) => {
      asked.push(name);
      if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
      return electron;
    };
    const module = { exports: {} };
    new Script(`(function (require, module, exports) {${code}\n})`).runInThisContext()(
      fakeRequire,
      module,
      module.exports,
    );
    expect(asked).toEqual(['electron']);
  });
});

describe('the hash worker in a packaged app', () => {
  it('is unpacked from the asar by electron-builder, and found there', async () => {
    const config = load(await readFile(join(repoRoot, 'electron-builder.yml'), 'utf8')) as {
      asarUnpack?: string[];
    };
    expect(config.asarUnpack).toContain('dist/workers/**');
    const resources = '/opt/Signet/resources';
    const unpacked = `${resources}/app.asar.unpacked/dist/workers/hash-worker.cjs`;
    const found = locateHashWorker({
      here: `${resources}/app.asar/dist/electron`,
      env: {},
      packaged: true,
      exists: (path) => path === unpacked || path === `${resources}/app.asar/dist/workers/hash-worker.cjs`,
    });
    expect(found).toEqual({ kind: 'bundle', file: unpacked });
  });
});

describe('protocol.handle answers every request the built pages make', () => {
  const origin = 'http://signet.localhost';
  let browser: import('playwright').Browser;

  beforeAll(async () => {
    const { serveAppProtocol } = await import('../../electron/main/protocol');
    serveAppProtocol(rendererDir);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it.each([
    ['index.html', ['/index.html', '/app.css', '/app.js']],
    ['pinentry.html', ['/pinentry.html', '/pinentry.css', '/pinentry.js']],
  ])('%s', async (page, expected) => {
    const handler = captured.handler;
    if (!handler) throw new Error('serveAppProtocol registered no handler');
    const context = await browser.newContext();
    const answered: Array<{ path: string; status: number }> = [];
    const unanswered: string[] = [];
    // Every request of the page goes to the app protocol's real handler, as app://signet/ would.
    await context.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (url.origin !== origin) {
        unanswered.push(url.href);
        await route.abort('blockedbyclient');
        return;
      }
      const response = await handler(new Request(`app://signet${url.pathname}${url.search}`));
      const body = Buffer.from(await response.arrayBuffer());
      answered.push({ path: url.pathname, status: response.status });
      await route.fulfill({ status: response.status, headers: Object.fromEntries(response.headers), body });
    });
    // The preloads' bridges are not part of this check; the pinentry page needs its one to start.
    await context.addInitScript(() => {
      const w = window as unknown as { pinentry?: unknown };
      w.pinentry = {
        onPrompt() {},
        submit: async () => ({ ok: false }),
        cancel: async () => ({ ok: false }),
      };
    });
    const tab = await context.newPage();
    const problems: string[] = [];
    tab.on('pageerror', (error) => problems.push(error.message));
    tab.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    await tab.goto(`${origin}/${page}`);
    // The page ran: its script put something visible in the document.
    await tab.locator('body *:visible').first().waitFor();
    await tab.waitForLoadState('networkidle');
    await context.close();
    expect(unanswered).toEqual([]);
    expect(answered.map((a) => a.path).sort()).toEqual([...expected].sort());
    expect(answered.every((a) => a.status === 200)).toBe(true);
    expect(problems).toEqual([]);
  });
});
