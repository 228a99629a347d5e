/**
 * Runs inside the harness's passphrase page before its script (bundled by ./page-bridge.ts). It builds
 * window.pinentry with the pinentry preload's own createPinentryBridge; only the transport differs: a
 * Playwright binding instead of ipcRenderer.invoke, and __pinentryHarness.prompt instead of
 * ipcRenderer.on for the prompt main pushes.
 */

import { createPinentryBridge } from '../../electron/preload/create-pinentry-bridge';
import type { PinentryChannelName } from '../../shared/ipc/pinentry';

interface HarnessWindow {
  __pinentryInvoke(channel: PinentryChannelName, request: unknown): Promise<unknown>;
  __pinentryPreferredHeight(height: number): Promise<void>;
}

let deliver: (prompt: unknown) => void = () => {};
const bridge = createPinentryBridge(
  (channel, request) => (window as unknown as HarnessWindow).__pinentryInvoke(channel, request),
  (listener) => {
    deliver = listener;
  },
);

Object.defineProperty(window, 'pinentry', { value: bridge, writable: false, configurable: false });
Object.defineProperty(window, '__pinentryHarness', {
  value: Object.freeze({ prompt: (view: unknown) => deliver(view) }),
  writable: false,
  configurable: false,
});

// Electron's preferred-size mode, as the real window gets it: the height of the page's own box
// (html is as tall as its content), reported whenever it changes; the harness sizes the page to it.
document.addEventListener('DOMContentLoaded', () => {
  const root = document.documentElement;
  new ResizeObserver(() => {
    void (window as unknown as HarnessWindow).__pinentryPreferredHeight(root.getBoundingClientRect().height);
  }).observe(root);
});
