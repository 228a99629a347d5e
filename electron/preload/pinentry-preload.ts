import { contextBridge, ipcRenderer } from 'electron';
import { createPinentryBridge } from './create-pinentry-bridge';

// The passphrase window's whole reach: submit, cancel, and the prompt main pushes. Nothing else.
contextBridge.exposeInMainWorld(
  'pinentry',
  createPinentryBridge(
    (channel, request) => ipcRenderer.invoke(channel, request),
    (listener) => {
      ipcRenderer.on('pinentryPrompt', (_event, prompt: unknown) => listener(prompt));
    },
  ),
);
