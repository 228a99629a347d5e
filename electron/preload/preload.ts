import { contextBridge, type IpcRendererEvent, ipcRenderer, webUtils } from 'electron';
import { createBridge } from './create-bridge';
import { DROPPED_FILES_CHANNEL } from './preload-channels';

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
  (file) => {
    // Only a file the person really dropped has a path; main is told before the page can name it, and
    // IPC keeps order, so the grant is in place when the page's request arrives.
    const path = webUtils.getPathForFile(file);
    if (path) ipcRenderer.send(DROPPED_FILES_CHANNEL, [path]);
    return path;
  },
);

contextBridge.exposeInMainWorld('signet', bridge);
