import { Notification } from 'electron';
import type { NotifierPort } from './notifier';

/** System notifications through Electron; silently nothing where the desktop has no notification service. */
export function createElectronNotifier(): NotifierPort {
  // Kept until clicked or closed: a notification object that is garbage-collected loses its click handler.
  const shown = new Set<Notification>();
  return {
    show({ title, body, onClick }) {
      if (!Notification.isSupported()) return;
      const notification = new Notification({ title, body, silent: false });
      shown.add(notification);
      notification.on('click', () => {
        shown.delete(notification);
        onClick();
      });
      notification.on('close', () => shown.delete(notification));
      notification.show();
    },
  };
}
