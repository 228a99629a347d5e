import { type BrowserWindow, dialog, type MessageBoxOptions } from 'electron';
import { dialogLine } from './dialog-line';
import type { ConfirmPort } from './handlers/types';

/**
 * The last guard before the box is drawn: the title and the message are one line each, and every
 * line of the detail (the lines the handler made) has its hidden characters made visible.
 */
function shown(request: { title: string; message: string; detail: string }) {
  return {
    title: dialogLine(request.title),
    message: dialogLine(request.message),
    detail: request.detail.split('\n').map(dialogLine).join('\n'),
  };
}

/**
 * Main's own confirmation: a native message box, modal to the window, Cancel the default and the
 * answer to Escape. The page can neither see nor answer it; every word comes from the handler.
 */
export function createConfirm(getWindow: () => BrowserWindow | null): ConfirmPort {
  return {
    async confirm(request) {
      const options: MessageBoxOptions = {
        type: 'warning',
        ...shown(request),
        buttons: ['Cancel', request.confirmLabel],
        defaultId: 0,
        cancelId: 0,
        noLink: true,
        normalizeAccessKeys: false,
      };
      const win = getWindow();
      const { response } = win
        ? await dialog.showMessageBox(win, options)
        : await dialog.showMessageBox(options);
      return response === 1;
    },

    async choose(request) {
      // The going-ahead button stays at index 1, as in confirm(); the alternative comes after it.
      const options: MessageBoxOptions = {
        type: 'warning',
        ...shown(request),
        buttons: ['Cancel', request.confirmLabel, request.alternativeLabel],
        defaultId: 0,
        cancelId: 0,
        noLink: true,
        normalizeAccessKeys: false,
      };
      const win = getWindow();
      const { response } = win
        ? await dialog.showMessageBox(win, options)
        : await dialog.showMessageBox(options);
      return response === 1 ? 'confirm' : response === 2 ? 'alternative' : 'cancel';
    },
  };
}
