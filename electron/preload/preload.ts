import { contextBridge, type IpcRendererEvent, ipcRenderer, webUtils } from 'electron';
import { createBridge } from './create-bridge';

// The whole of what the page can reach: window.signet, built by createBridge. The page never sees
// ipcRenderer or an IpcRendererEvent (whose `sender` would let it send on any channel).
const bridge = createBridge(
  (channel, request) => ipcRenderer.invoke(channel, request),
  (event, listener) => {
    const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(event, forward);
    return () => {
      ipcRenderer.removeListener(event, forward);
    };
  },
  (file) => webUtils.getPathForFile(file),
);

contextBridge.exposeInMainWorld('signet', bridge);
