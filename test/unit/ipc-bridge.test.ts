import { describe, expect, it, vi } from 'vitest';
import type { Handlers } from '../../electron/main/handlers/types';
import { registerIpcHandlers } from '../../electron/main/ipc/register-ipc-handlers';
import {
  BRIDGE_CHANNELS,
  BRIDGE_EVENTS,
  createBridge,
  type SubscribeEvent,
} from '../../electron/preload/create-bridge';
import { channelNames } from '../../shared/ipc/contract';

/** An in-memory event source standing in for ipcRenderer.on / Playwright bindings. */
function fakeEvents() {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const subscribe: SubscribeEvent = (event, listener) => {
    const set = listeners.get(event) ?? new Set();
    set.add(listener);
    listeners.set(event, set);
    return () => set.delete(listener);
  };
  const fire = (event: string, payload: unknown) => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };
  const count = (event: string) => listeners.get(event)?.size ?? 0;
  return { subscribe, fire, count };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('createBridge', () => {
  it('has exactly one method per channel, plus on and getPathForFile', () => {
    const bridge = createBridge(vi.fn(), fakeEvents().subscribe, () => '');
    expect(Object.keys(bridge).sort()).toEqual([...channelNames, 'on', 'getPathForFile'].sort());
    expect([...BRIDGE_CHANNELS].sort()).toEqual([...channelNames].sort());
    expect([...BRIDGE_EVENTS].sort()).toEqual(['jobProgress', 'openFiles']);
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('sends each call on its own channel with the request unchanged', async () => {
    const invoke = vi.fn(async (channel: string) => ({ ok: true, value: { channel } }));
    const bridge = createBridge(invoke, fakeEvents().subscribe, () => '');
    const request = { jobId: 'j1', files: ['/tmp/a'] };
    await expect(bridge.verifyFiles(request)).resolves.toEqual({
      ok: true,
      value: { channel: 'verifyFiles' },
    });
    expect(invoke).toHaveBeenCalledWith('verifyFiles', request);
    await bridge.listKeys({});
    expect(invoke).toHaveBeenLastCalledWith('listKeys', {});
  });

  it('passes a refusal from the main process through as it is', async () => {
    const bridge = createBridge(
      async () => ({ ok: false, error: 'That passphrase does not unlock this key.' }),
      fakeEvents().subscribe,
      () => '',
    );
    await expect(bridge.listKeys({})).resolves.toEqual({
      ok: false,
      error: 'That passphrase does not unlock this key.',
    });
  });

  it('passes on that a refusal was the person’s own cancel, and nothing else it carries', async () => {
    const bridge = createBridge(
      async () => ({ ok: false, error: 'Nothing was signed.', cancelled: true, stack: 'at main.js:1' }),
      fakeEvents().subscribe,
      () => '',
    );
    await expect(bridge.listKeys({})).resolves.toEqual({
      ok: false,
      error: 'Nothing was signed.',
      cancelled: true,
    });
  });

  it('turns a transport failure into a plain sentence without Electron internals', async () => {
    const bridge = createBridge(
      async () => {
        throw new Error(
          "Error invoking remote method 'listKeys': Error: No handler registered for 'listKeys'",
        );
      },
      fakeEvents().subscribe,
      () => '',
    );
    const result = await bridge.listKeys({});
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toMatch(/invoking|handler/);
  });

  it.each([undefined, null, 'ok', { ok: 'yes' }, { ok: false, error: 42 }])(
    'never passes a malformed answer (%j) on as a success',
    async (answer) => {
      const bridge = createBridge(
        async () => answer,
        fakeEvents().subscribe,
        () => '',
      );
      expect((await bridge.listKeys({})).ok).toBe(false);
    },
  );

  it('gives listeners only the payload, and unsubscribes once', () => {
    const events = fakeEvents();
    const bridge = createBridge(vi.fn(), events.subscribe, () => '');
    const seen: unknown[] = [];
    const stop = bridge.on('jobProgress', (payload) => seen.push(payload));
    const progress = {
      jobId: 'j',
      file: '/a',
      fileIndex: 0,
      fileCount: 1,
      bytesDone: 1,
      bytesTotal: 2,
      bytesPerSecond: 3,
    };
    events.fire('jobProgress', progress);
    expect(seen).toEqual([progress]);
    stop();
    stop();
    events.fire('jobProgress', progress);
    expect(seen).toHaveLength(1);
    expect(events.count('jobProgress')).toBe(0);
  });

  it('refuses unknown events and listeners that are not functions', () => {
    const bridge = createBridge(vi.fn(), fakeEvents().subscribe, () => '');
    expect(() => bridge.on('secretEvent' as 'openFiles', () => {})).toThrow(TypeError);
    expect(() => bridge.on('openFiles', 'alert(1)' as unknown as () => void)).toThrow(TypeError);
  });

  it('holds files opened before the page listens and gives them to the first listener', async () => {
    const events = fakeEvents();
    const bridge = createBridge(vi.fn(), events.subscribe, () => '');
    events.fire('openFiles', { files: ['/tmp/early.tar.gz'] });
    const first: unknown[] = [];
    const second: unknown[] = [];
    bridge.on('openFiles', (payload) => first.push(payload));
    expect(first).toEqual([]); // delivered later, not inside on()
    await flush();
    expect(first).toEqual([{ files: ['/tmp/early.tar.gz'] }]);
    bridge.on('openFiles', (payload) => second.push(payload));
    events.fire('openFiles', { files: ['/tmp/late.tar.gz'] });
    await flush();
    expect(first).toEqual([{ files: ['/tmp/early.tar.gz'] }, { files: ['/tmp/late.tar.gz'] }]);
    expect(second).toEqual([{ files: ['/tmp/late.tar.gz'] }]);
  });

  it('answers getPathForFile with an empty string when the transport cannot tell', () => {
    const file = {} as File;
    expect(createBridge(vi.fn(), fakeEvents().subscribe, () => '/home/me/a.iso').getPathForFile(file)).toBe(
      '/home/me/a.iso',
    );
    const throwing = () => {
      throw new Error('not a File');
    };
    expect(createBridge(vi.fn(), fakeEvents().subscribe, throwing).getPathForFile(file)).toBe('');
  });
});

describe('registerIpcHandlers', () => {
  type Listener = (event: unknown, ...args: unknown[]) => Promise<unknown> | unknown;
  function fakeIpcMain() {
    const registered = new Map<string, Listener>();
    const ipcMain = {
      handle: (channel: string, listener: Listener) => {
        if (registered.has(channel)) throw new Error(`second handler for ${channel}`);
        registered.set(channel, listener);
      },
      removeHandler: (channel: string) => registered.delete(channel),
      on: (channel: string, listener: Listener) => {
        registered.set(`on:${channel}`, listener);
      },
    };
    return { ipcMain: ipcMain as never, registered };
  }
  const dropped: string[][] = [];
  const pinentryCalls: string[] = [];
  const wiring = (windowOf: (id: number) => 'main' | 'pinentry' | 'other' = () => 'main') => ({
    handlers,
    pinentry: {
      pinentrySubmit: async () => {
        pinentryCalls.push('submit');
        return { accepted: true };
      },
      pinentryCancel: async () => {
        pinentryCalls.push('cancel');
        return { cancelled: true };
      },
    },
    windowOf,
    onDropped: (paths: string[]) => dropped.push(paths),
  });
  const handlers = Object.fromEntries(
    channelNames.map((c) => [c, async () => ({ from: c })]),
  ) as unknown as Handlers;
  const frame = (overrides: Record<string, unknown> = {}, senderId = 1) => ({
    sender: { id: senderId },
    senderFrame: {
      url: 'app://signet/index.html',
      parent: null,
      detached: false,
      isDestroyed: () => false,
      ...overrides,
    },
  });

  it('registers every channel exactly once and routes it through the guard', async () => {
    const { ipcMain, registered } = fakeIpcMain();
    registerIpcHandlers(ipcMain, wiring());
    expect([...registered.keys()].filter((c) => c in handlers).sort()).toEqual([...channelNames].sort());
    await expect(registered.get('listKeys')!(frame(), {})).resolves.toEqual({
      ok: true,
      value: { from: 'listKeys' },
    });
  });

  it.each([
    ['a missing senderFrame', { senderFrame: null }],
    ['a destroyed frame', frame({ isDestroyed: () => true })],
    ['a detached frame', frame({ detached: true })],
    ['a subframe', frame({ parent: { url: 'app://signet/index.html' } })],
    ['a foreign page', frame({ url: 'https://example.com/' })],
  ])('refuses %s', async (_label, event) => {
    const { ipcMain, registered } = fakeIpcMain();
    registerIpcHandlers(ipcMain, wiring());
    const result = (await registered.get('listKeys')!(event, {})) as { ok: boolean };
    expect(result.ok).toBe(false);
  });

  it('refuses a request that carries more than one argument', async () => {
    const { ipcMain, registered } = fakeIpcMain();
    registerIpcHandlers(ipcMain, wiring());
    expect(((await registered.get('listKeys')!(frame(), {}, 'extra')) as { ok: boolean }).ok).toBe(false);
  });

  it('takes the passphrase channels only from the passphrase window, and main channels only from the main window', async () => {
    const { ipcMain, registered } = fakeIpcMain();
    registerIpcHandlers(
      ipcMain,
      wiring((id) => (id === 7 ? 'pinentry' : id === 1 ? 'main' : 'other')),
    );
    const fromMain = (await registered.get('pinentrySubmit')!(frame({}, 1), { passphrase: 'x' })) as {
      ok: boolean;
    };
    expect(fromMain.ok).toBe(false);
    expect(pinentryCalls).toEqual([]);
    const pinentryFrame = frame({ url: 'app://signet/pinentry.html' }, 7);
    await expect(registered.get('pinentrySubmit')!(pinentryFrame, { passphrase: 'x' })).resolves.toEqual({
      ok: true,
      value: { accepted: true },
    });
    const listFromPinentry = (await registered.get('listKeys')!(pinentryFrame, {})) as { ok: boolean };
    expect(listFromPinentry.ok).toBe(false);
    const fromOther = (await registered.get('listKeys')!(frame({}, 99), {})) as { ok: boolean };
    expect(fromOther.ok).toBe(false);
  });

  it('grants dropped files only when the main window’s own top frame reports them', () => {
    const { ipcMain, registered } = fakeIpcMain();
    registerIpcHandlers(
      ipcMain,
      wiring((id) => (id === 1 ? 'main' : 'other')),
    );
    dropped.length = 0;
    const report = registered.get('on:signet:dropped-files')!;
    report(frame({}, 99), ['/from/elsewhere']);
    report(frame({ parent: { url: 'app://signet/index.html' } }, 1), ['/from/subframe']);
    report(frame({}, 1), ['/home/me/dropped.iso', 42]);
    expect(dropped).toEqual([['/home/me/dropped.iso']]);
  });
});
