import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { channelNames } from '../../shared/ipc/contract';
import { pinentryChannelNames } from '../../shared/ipc/pinentry';
import { tempDir } from '../helpers/temp-dir';

/**
 * Runs the built main-process bundle (dist/electron/main.cjs) in plain Node with a stand-in for the
 * `electron` module, since no Electron binary can be downloaded here. It checks the wiring the unit
 * tests cannot see: what is registered before `ready`, the window's options, the protocol's answers,
 * the IPC registration, permission and navigation denials, and files handed over from argv.
 */
const FAKE_ELECTRON = `
const Module = require('node:module');
const seen = { schemes: null, protocolHandlers: {}, ipc: {}, ipcOn: {}, windows: [], appEvents: {}, sent: [],
  sandboxEnabled: false, paths: {}, permissionHandlers: {}, messageBoxes: [], revealed: [] };
let nextContentsId = 1;
const emitters = () => { const l = {}; return { l,
  on(e, f) { (l[e] ||= []).push(f); return this; }, once(e, f) { return this.on(e, f); },
  emit(e, ...a) { for (const f of l[e] || []) f(...a); } }; };
const app = Object.assign(emitters(), {
  isPackaged: false,
  enableSandbox() { seen.sandboxEnabled = true; },
  setPath(name, path) { seen.paths[name] = path; },
  getPath(name) { return seen.paths[name]; },
  requestSingleInstanceLock() { return true; },
  whenReady() { return Promise.resolve(); },
  isReady() { return true; },
  quit() { seen.quit = true; },
});
class BrowserWindow {
  constructor(options) {
    Object.assign(this, emitters());
    this.options = options;
    const contents = Object.assign(emitters(), {
      id: nextContentsId++,
      send(channel, payload) { seen.sent.push({ channel, payload }); },
      setWindowOpenHandler(f) { this.windowOpenHandler = f; },
    });
    this.webContents = contents;
    seen.windows.push(this);
    app.emit('web-contents-created', {}, contents);
  }
  loadURL(url) { this.loadedUrl = url; return Promise.resolve(); }
  isDestroyed() { return this.destroyed === true; }
  close() { this.destroyed = true; this.emit('closed'); }
  focus() {}
  setProgressBar(v) { this.progress = v; }
  setContentSize(w, h) { this.contentSize = [w, h]; }
  setResizable(v) { this.resizable = v; }
  getBounds() { return { x: 0, y: 0, width: 460, height: 300 }; }
  setBackgroundColor() {}
}
const electron = {
  app, BrowserWindow,
  screen: { getDisplayMatching() { return { workArea: { x: 0, y: 0, width: 1280, height: 700 } }; } },
  protocol: {
    registerSchemesAsPrivileged(s) { seen.schemes = s; seen.schemesBeforeReady = seen.ipcCount === undefined; },
    handle(scheme, handler) { seen.protocolHandlers[scheme] = handler; },
  },
  ipcMain: { handle(channel, f) { seen.ipc[channel] = f; }, removeHandler() {},
             on(channel, f) { seen.ipcOn[channel] = f; } },
  session: { defaultSession: {
    setPermissionRequestHandler(f) { seen.permissionHandlers.request = f; },
    setPermissionCheckHandler(f) { seen.permissionHandlers.check = f; },
    setDevicePermissionHandler(f) { seen.permissionHandlers.device = f; },
  } },
  nativeTheme: Object.assign(emitters(), { themeSource: 'light', shouldUseDarkColors: false }),
  shell: { showItemInFolder(p) { seen.revealed.push(p); }, async openExternal() {}, async trashItem() {} },
  dialog: { async showOpenDialog() { return { canceled: true, filePaths: [] }; },
            async showSaveDialog() { return { canceled: true }; }, showErrorBox(t, m) { seen.startError = m; },
            async showMessageBox(win, options) { seen.messageBoxes.push({ parented: !!win.webContents, ...options });
              return { response: 0 }; } },
};
const load = Module._load;
Module._load = function (request, ...rest) { return request === 'electron' ? electron : load.call(this, request, ...rest); };
globalThis.__seen = seen;
// Started like "electron <app>": argv[1] is the app, files follow.
process.defaultApp = true;
`;

const PROBE = `
require('./fake-electron.cjs');
require(process.env.MAIN_BUNDLE);
const seen = globalThis.__seen;
const frame = (url, parent = null, id = 1) => ({ sender: { id }, senderFrame: { url, parent, detached: false, isDestroyed: () => false } });
setTimeout(async () => {
  const win = seen.windows[0];
  win.webContents.emit('did-finish-load');
  const serve = seen.protocolHandlers.app;
  const read = async (url, method = 'GET') => {
    const response = await serve({ url, method });
    return { status: response.status, csp: response.headers.get('content-security-policy'),
             type: response.headers.get('content-type'), body: (await response.text()).slice(0, 15) };
  };
  const contents = win.webContents;
  let navigationPrevented = false, webviewPrevented = false;
  contents.emit('will-navigate', { preventDefault() { navigationPrevented = true; } }, 'https://evil.example/');
  contents.emit('will-attach-webview', { preventDefault() { webviewPrevented = true; } }, {}, {});
  let permissionGranted;
  seen.permissionHandlers.request({}, 'media', (granted) => { permissionGranted = granted; }, {});
  const report = {
    sandboxEnabled: seen.sandboxEnabled,
    schemes: seen.schemes,
    paths: seen.paths,
    channels: Object.keys(seen.ipc).sort(),
    webPreferences: win.options.webPreferences,
    loadedUrl: win.loadedUrl,
    index: await read('app://signet/index.html'),
    traversal: await read('app://signet/..%2f..%2fpackage.json'),
    post: await read('app://signet/index.html', 'POST'),
    listKeys: await seen.ipc.listKeys(frame('app://signet/index.html'), {}),
    fromSubframe: await seen.ipc.listKeys(frame('app://signet/index.html', {}), {}),
    fromElsewhere: await seen.ipc.listKeys(frame('https://evil.example/'), {}),
    fromOtherContents: await seen.ipc.listKeys(frame('app://signet/index.html', null, 42), {}),
    pinentryFromMain: await seen.ipc.pinentrySubmit(frame('app://signet/index.html'), { passphrase: 'x' }),
    revealOpened: await seen.ipc.revealInFolder(frame('app://signet/index.html'), { path: process.argv[2] }),
    revealElsewhere: await seen.ipc.revealInFolder(frame('app://signet/index.html'), { path: process.env.DROPPED }),
    revealDropped: await (async () => {
      seen.ipcOn['signet:dropped-files'](frame('app://signet/index.html', null, 42), [process.env.DROPPED]);
      seen.ipcOn['signet:dropped-files'](frame('app://signet/index.html'), [process.env.DROPPED]);
      return seen.ipc.revealInFolder(frame('app://signet/index.html'), { path: process.env.DROPPED });
    })(),
    addTrusted: await seen.ipc.addTrusted(frame('app://signet/index.html'), {
      name: 'Anyone', keyText: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl a@b' }),
    messageBoxes: seen.messageBoxes,
    revealed: seen.revealed,
    windowOpen: contents.windowOpenHandler({ url: 'https://evil.example/' }),
    navigationPrevented, webviewPrevented, permissionGranted,
    permissionCheck: seen.permissionHandlers.check({}, 'clipboard-read', 'app://signet', {}),
    clipboardWriteFromApp: seen.permissionHandlers.check({}, 'clipboard-sanitized-write', 'app://signet', {}),
    clipboardWriteFromElsewhere: seen.permissionHandlers.check({}, 'clipboard-sanitized-write', 'https://evil.example', {}),
    sent: [...seen.sent],
    startError: seen.startError ?? null,
  };
  // main's passphrase window: createKey asks for a new passphrase there.
  const creating = seen.ipc.createKey(frame('app://signet/index.html'), { name: 'Probe key' });
  await new Promise((resolve) => setTimeout(resolve, 50));
  const pin = seen.windows[1];
  pin?.webContents.emit('did-finish-load');
  // The page reports the height it needs (a strength hint shown), then more than the screen has.
  pin?.webContents.emit('preferred-size-changed', {}, { width: 300, height: 512.4 });
  const sizedTo = pin?.contentSize;
  pin?.webContents.emit('preferred-size-changed', {}, { width: 300, height: 2000 });
  const pinFrame = frame('app://signet/pinentry.html', null, pin?.webContents.id);
  report.pinentry = {
    options: pin?.options,
    parentIsMain: pin?.options.parent === win,
    url: pin?.loadedUrl,
    prompt: seen.sent.find((s) => s.channel === 'pinentryPrompt')?.payload,
    cancelFromMainWindow: await seen.ipc.pinentryCancel(frame('app://signet/index.html'), {}),
    mainChannelFromPinentry: await seen.ipc.listKeys(pinFrame, {}),
    cancel: await seen.ipc.pinentryCancel(pinFrame, {}),
    created: await creating,
    closed: pin?.isDestroyed(),
    sizedTo,
    capped: pin?.contentSize,
    resizableAfter: pin?.resizable,
  };
  process.stdout.write(JSON.stringify(report));
  process.exit(0);
}, 300);
`;

const MAIN_BUNDLE = resolve(__dirname, '../../dist/electron/main.cjs');
interface Served {
  status: number;
  csp: string | null;
  type: string | null;
  body: string;
}
interface Report {
  startError: string | null;
  sandboxEnabled: boolean;
  schemes: unknown;
  paths: Record<string, string>;
  channels: string[];
  webPreferences: Record<string, unknown>;
  loadedUrl: string;
  index: Served;
  traversal: Served;
  post: Served;
  listKeys: unknown;
  fromSubframe: { ok: boolean };
  fromElsewhere: { ok: boolean };
  fromOtherContents: { ok: boolean };
  pinentryFromMain: { ok: boolean };
  revealOpened: unknown;
  revealElsewhere: { ok: boolean; error?: string };
  revealDropped: unknown;
  addTrusted: unknown;
  messageBoxes: Array<Record<string, unknown>>;
  pinentry: {
    options: { webPreferences: Record<string, unknown>; modal?: boolean; useContentSize?: boolean };
    parentIsMain: boolean;
    url: string;
    prompt: unknown;
    cancelFromMainWindow: { ok: boolean };
    mainChannelFromPinentry: { ok: boolean };
    cancel: unknown;
    created: unknown;
    closed: boolean;
    sizedTo: number[];
    capped: number[];
    resizableAfter: boolean;
  };
  revealed: string[];
  windowOpen: unknown;
  navigationPrevented: boolean;
  webviewPrevented: boolean;
  permissionGranted: boolean;
  permissionCheck: boolean;
  clipboardWriteFromApp: boolean;
  clipboardWriteFromElsewhere: boolean;
  sent: unknown[];
}
let report: Report;
let dir: string;

beforeAll(async () => {
  dir = await tempDir('signet-electron-main-');
  await writeFile(join(dir, 'fake-electron.cjs'), FAKE_ELECTRON);
  await writeFile(join(dir, 'probe.cjs'), PROBE);
  await writeFile(join(dir, 'release.tar.gz'), 'release');
  await writeFile(join(dir, 'dropped.txt'), 'dropped');
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [join(dir, 'probe.cjs'), join(dir, 'release.tar.gz'), '--some-chromium-switch', join(dir, 'missing.iso')],
    {
      cwd: dir,
      env: {
        ...process.env,
        MAIN_BUNDLE,
        DROPPED: join(dir, 'dropped.txt'),
        SIGNET_CONFIG_DIR: join(dir, 'config'),
        SIGNET_MANAGED_TRUST_FILE: join(dir, 'managed.json'),
      },
    },
  );
  report = JSON.parse(stdout);
});

describe('the main-process bundle, run against a stand-in for electron', () => {
  it('starts without error, sandboxing every renderer and registering app:// as standard + secure only', () => {
    expect(report.startError).toBeNull();
    expect(report.sandboxEnabled).toBe(true);
    expect(report.schemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true } }]);
    expect(report.paths.userData).toBe(join(dir, 'config'));
  });

  it('opens the window locked down, from app://signet', () => {
    expect(report.loadedUrl).toBe('app://signet/index.html');
    expect(report.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      spellcheck: false,
      devTools: true, // not packaged: developers may inspect; packaged builds get false
      navigateOnDragDrop: false,
    });
    expect(report.webPreferences.preload).toBe(resolve(MAIN_BUNDLE, '..', 'preload.cjs'));
  });

  it('serves the renderer with the CSP and nothing outside it', () => {
    expect(report.index).toMatchObject({
      status: 200,
      type: 'text/html; charset=utf-8',
      body: '<!doctype html>',
    });
    expect(report.index.csp).toContain("script-src 'self'");
    expect(report.index.csp).toContain("connect-src 'none'");
    expect(report.traversal.status).toBe(404);
    expect(report.post.status).toBe(405);
  });

  it('routes every channel through the guard', () => {
    expect(report.channels).toEqual([...channelNames, ...pinentryChannelNames].sort());
    expect(report.listKeys).toEqual({
      ok: true,
      value: { keys: [], extendable: [], withRevocation: [], announces: [] },
    });
    expect(report.fromSubframe.ok).toBe(false);
    expect(report.fromElsewhere.ok).toBe(false);
    // Another web contents at the app's URL is not the main window.
    expect(report.fromOtherContents.ok).toBe(false);
    expect(report.pinentryFromMain.ok).toBe(false);
  });

  it('lets the page name only files handed over: opened with the app, or dropped as the preload reports', () => {
    expect(report.revealOpened).toEqual({ ok: true, value: { shown: true } });
    expect(report.revealElsewhere).toEqual({
      ok: false,
      error: expect.stringMatching(/only works with files you gave it/),
    });
    expect(report.revealDropped).toEqual({ ok: true, value: { shown: true } });
    expect(report.revealed).toEqual([join(dir, 'release.tar.gz'), join(dir, 'dropped.txt')]);
  });

  it('asks main’s own native dialog, parented and with Cancel as the default, before trusting a signer', () => {
    expect(report.addTrusted).toEqual({
      ok: false,
      error: 'You did not confirm, so the signer was not added.',
      cancelled: true,
    });
    expect(report.messageBoxes).toHaveLength(1);
    expect(report.messageBoxes[0]).toMatchObject({
      parented: true,
      message: 'Trust “Anyone” as the maker of files signed with this key?',
      buttons: ['Cancel', 'Trust'],
      defaultId: 0,
      cancelId: 0,
    });
    expect(report.messageBoxes[0]?.detail).toMatch(/Key id: SHA256:/);
  });

  it('denies navigation, new windows, webviews and permissions', () => {
    expect(report.navigationPrevented).toBe(true);
    expect(report.webviewPrevented).toBe(true);
    expect(report.windowOpen).toEqual({ action: 'deny' });
    expect(report.permissionGranted).toBe(false);
    expect(report.permissionCheck).toBe(false);
    // Copy buttons may write the clipboard, from the app's own page only.
    expect(report.clipboardWriteFromApp).toBe(true);
    expect(report.clipboardWriteFromElsewhere).toBe(false);
  });

  it('hands files from the command line to the window once it has loaded', () => {
    expect(report.sent).toEqual([
      { channel: 'openFiles', payload: { files: [join(dir, 'release.tar.gz')] } },
    ]);
  });

  it('asks for a passphrase in its own sandboxed window whose two channels only it may call', () => {
    const pin = report.pinentry;
    expect(pin.url).toBe('app://signet/pinentry.html');
    expect(pin.parentIsMain).toBe(true);
    expect(pin.options.modal).toBe(true);
    expect(pin.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      devTools: false,
      preload: resolve(MAIN_BUNDLE, '..', 'pinentry-preload.cjs'),
    });
    expect(pin.prompt).toEqual({
      title: 'Passphrase for the new key “Probe key”',
      description: expect.stringContaining('Choose a passphrase for your new signing key “Probe key”.'),
      isNew: true,
    });
    expect(pin.cancelFromMainWindow.ok).toBe(false);
    expect(pin.mainChannelFromPinentry.ok).toBe(false);
    expect(pin.cancel).toEqual({ ok: true, value: { cancelled: true } });
    expect(pin.created).toEqual({
      ok: false,
      error: 'No passphrase was given. No key was created.',
      cancelled: true,
    });
    expect(pin.closed).toBe(true);
    // Sized to its page: the whole prompt and its buttons in view, within the screen's work area.
    expect(pin.options.useContentSize).toBe(true);
    expect(pin.options.webPreferences).toMatchObject({ enablePreferredSizeMode: true });
    expect(pin.sizedTo).toEqual([460, 513]);
    expect(pin.capped).toEqual([460, 652]);
    expect(pin.resizableAfter).toBe(false);
  });
});
