/** One system notification: main writes every word; clicking it calls `onClick`. */
export interface DownloadNotice {
  title: string;
  body: string;
  onClick(): void;
}

/**
 * Where notifications go: Electron's Notification in the app (./electron-notifier.ts), a recorder in
 * the e2e harness (FakeNotifier), so the words and the click are tested without a desktop.
 */
export interface NotifierPort {
  show(notice: DownloadNotice): void;
}
