import { type BrowserWindow, dialog, type MessageBoxOptions } from 'electron';
import type { ConfirmPort } from './handlers/types';

/**
 * Main's own confirmation: a native message box, modal to the window, Cancel the default and the
 * answer to Escape. The page can neither see nor answer it; every word comes from the handler.
 */
export function createConfirm(getWindow: () => BrowserWindow | null): ConfirmPort {
  return {
    async confirm({ title, message, detail, confirmLabel }) {
      const options: MessageBoxOptions = {
        type: 'warning',
        title,
        message,
        detail,
        buttons: ['Cancel', confirmLabel],
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

    async choose({ title, message, detail, confirmLabel, alternativeLabel }) {
      // The going-ahead button stays at index 1, as in confirm(); the alternative comes after it.
      const options: MessageBoxOptions = {
        type: 'warning',
        title,
        message,
        detail,
        buttons: ['Cancel', confirmLabel, alternativeLabel],
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
