import type { SignetBridge } from '../shared/ipc/bridge';

declare global {
  interface Window {
    /** Exposed by the preload (contextBridge); the renderer's only way to the main process. */
    signet: SignetBridge;
  }
}
