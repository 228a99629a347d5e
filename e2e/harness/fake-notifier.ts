import type { DownloadNotice, NotifierPort } from '../../electron/main/downloads/notifier';
import type { NotificationsShown } from './app';

/** What a shown notification said; `click()` is the person clicking it. */
export interface ShownNotice {
  title: string;
  body: string;
  click(): void;
}

/**
 * Stands in for the desktop's notifications (Electron's Notification in the app): records each one in
 * main's words and lets a spec click it. A spec waits for the next one with `next()`, never on time.
 */
export class FakeNotifier implements NotifierPort {
  readonly shown: ShownNotice[] = [];
  readonly #waiting: Array<(notice: ShownNotice) => void> = [];

  show({ title, body, onClick }: DownloadNotice): void {
    const notice = { title, body, click: onClick };
    this.shown.push(notice);
    this.#waiting.shift()?.(notice);
  }

  /** The notification after the `seen` shown so far (resolves at once when it has already been shown). */
  next(seen = this.shown.length): Promise<ShownNotice> {
    const already = this.shown[seen];
    if (already) return Promise.resolve(already);
    return new Promise((resolve) => this.#waiting.push(resolve));
  }
}

/** The harness's view of what FakeNotifier recorded, as SignetApp.notifications. */
export function notificationsOf(notifier: FakeNotifier): NotificationsShown {
  return {
    count: async () => notifier.shown.length,
    async next(seen) {
      const { title, body, click } = await notifier.next(seen);
      return { title, body, click: async () => click() };
    },
  };
}
