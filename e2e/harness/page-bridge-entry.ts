/**
 * Runs inside the test page before the renderer (bundled by ./page-bridge.ts, added as an init
 * script). It builds window.signet with the preload's own createBridge; only the transport differs:
 * requests go through a Playwright binding instead of ipcRenderer.invoke, events come back through
 * __signetHarness.emit instead of ipcRenderer.on.
 */

import { createBridge } from '../../electron/preload/create-bridge';
import type { ChannelName } from '../../shared/ipc/contract';
import type { EventName } from '../../shared/ipc/events';

interface HarnessWindow {
  __signetInvoke(channel: ChannelName, request: unknown): Promise<unknown>;
  /** The harness's transport for the preload's dropped-files channel (a grant in main). */
  __signetDropped(paths: string[]): Promise<void>;
}

const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
// Stands in for Electron's webUtils.getPathForFile: files the harness drops carry a path it chose.
const filePaths = new WeakMap<File, string>();

const bridge = createBridge(
  (channel, request) => (window as unknown as HarnessWindow).__signetInvoke(channel, request),
  (event, listener) => {
    let set = listeners.get(event);
    if (!set) {
      set = new Set();
      listeners.set(event, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  },
  (file) => {
    // As the preload does: a dropped file's path is reported to main as a grant before the page has it.
    const path = filePaths.get(file) ?? '';
    if (path) void (window as unknown as HarnessWindow).__signetDropped([path]);
    return path;
  },
);

// contextBridge gives the page a frozen copy it cannot replace; this is the closest a page can get.
Object.defineProperty(window, 'signet', { value: bridge, writable: false, configurable: false });

Object.defineProperty(window, '__signetHarness', {
  value: Object.freeze({
    emit(event: EventName, payload: unknown) {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
    fileWithPath(name: string, path: string): File {
      const file = new File([], name);
      filePaths.set(file, path);
      return file;
    },
  }),
  writable: false,
  configurable: false,
});
