import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { channelNames } from '../../../shared/ipc/contract';
import type { Handlers } from '../handlers/types';
import { type DispatchPolicy, dispatch, type IpcSender } from './guard';

/**
 * Routes every contract channel from ipcMain through dispatch, with the frame Electron says sent it.
 * Requests carry exactly one argument; anything more did not come from our preload.
 */
export function registerIpcHandlers(ipcMain: IpcMain, handlers: Handlers, policy: DispatchPolicy = {}): void {
  for (const channel of channelNames) {
    ipcMain.handle(channel, (event, ...args: unknown[]) => {
      if (args.length > 1) return { ok: false, error: 'The request was refused because it was not valid.' };
      return dispatch(handlers, channel, args[0], senderOf(event), policy);
    });
  }
}

export function unregisterIpcHandlers(ipcMain: IpcMain): void {
  for (const channel of channelNames) ipcMain.removeHandler(channel);
}

/** senderFrame is null (or detached) once the frame has navigated away or gone: such a request is refused. */
function senderOf(event: IpcMainInvokeEvent): IpcSender | null {
  const frame = event.senderFrame;
  if (!frame || frame.isDestroyed() || frame.detached) return null;
  return { url: frame.url, isMainFrame: frame.parent === null };
}
