import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent } from 'electron';
import { channelNames } from '../../../shared/ipc/contract';
import { pinentryChannelNames } from '../../../shared/ipc/pinentry';
import { DROPPED_FILES_CHANNEL } from '../../preload/preload-channels';
import { isAppUrl } from '../app-origin';
import type { Handlers } from '../handlers/types';
import {
  type DispatchPolicy,
  dispatch,
  dispatchPinentry,
  type IpcSender,
  type PinentryHandlers,
} from './guard';

export interface IpcWiring {
  handlers: Handlers;
  pinentry: PinentryHandlers;
  /** Which of main's windows owns the sender's web contents. */
  windowOf: (webContentsId: number) => IpcSender['window'];
  /** Grants dropped files (main's GrantRegistry.grant). */
  onDropped: (paths: string[]) => void;
  policy?: DispatchPolicy;
}

/**
 * Routes every contract channel from ipcMain through dispatch, with the frame and window Electron says
 * sent it. Requests carry exactly one argument; anything more did not come from our preload.
 */
export function registerIpcHandlers(ipcMain: IpcMain, wiring: IpcWiring): void {
  const policy = wiring.policy ?? {};
  for (const channel of channelNames) {
    ipcMain.handle(channel, (event, ...args: unknown[]) => {
      if (args.length > 1) return { ok: false, error: 'The request was refused because it was not valid.' };
      return dispatch(wiring.handlers, channel, args[0], senderOf(event, wiring), policy);
    });
  }
  for (const channel of pinentryChannelNames) {
    ipcMain.handle(channel, (event, ...args: unknown[]) => {
      if (args.length > 1) return { ok: false, error: 'The request was refused because it was not valid.' };
      return dispatchPinentry(wiring.pinentry, channel, args[0], senderOf(event, wiring), policy);
    });
  }
  // Dropped files, reported by the preload (not the page); accepted only from the main window's top frame.
  ipcMain.on(DROPPED_FILES_CHANNEL, (event, paths: unknown) => {
    const sender = senderOf(event, wiring);
    if (sender?.window !== 'main' || !sender.isMainFrame) return;
    if (!(policy.isAllowedSenderUrl ?? isAppUrl)(sender.url)) return;
    const list = Array.isArray(paths) ? paths.filter((p): p is string => typeof p === 'string') : [];
    wiring.onDropped(list.slice(0, 500));
  });
}

/** senderFrame is null (or detached) once the frame has navigated away or gone: such a request is refused. */
function senderOf(event: IpcMainInvokeEvent | IpcMainEvent, wiring: IpcWiring): IpcSender | null {
  const frame = event.senderFrame;
  if (!frame || frame.isDestroyed() || frame.detached) return null;
  return { url: frame.url, isMainFrame: frame.parent === null, window: wiring.windowOf(event.sender.id) };
}
