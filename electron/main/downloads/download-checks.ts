import { lstat } from 'node:fs/promises';
import type { DownloadCheckStatus } from '../../../shared/ipc/contract';
import type { VerifyResult } from '../../../shared/verdict';
import { plainMessage, SignetError } from '../../core/errors';
import { pathExists } from '../../core/fs/path-exists';
import type { AppSettings, SettingsStore } from '../settings/settings-store';
import { downloadTarget, SIGNATURE_SUFFIXES } from './download-names';
import { downloadFailureText } from './download-notice';
import { DownloadWatcher } from './download-watcher';
import { NoticeBatch } from './notice-batch';
import type { NotifierPort } from './notifier';

const GROUP_MS = 1500;

export interface DownloadChecksOptions {
  settings: SettingsStore;
  /** The folder to watch: app.getPath('downloads') in the app, a temp folder in tests. */
  downloadsDir: string;
  /** The same verify path as a drop: main grants the file, then runs the verifyFiles handler on it. */
  verify(file: string): Promise<VerifyResult[]>;
  notifier: NotifierPort;
  /** Clicking a notification: the window comes forward and shows this file's card. */
  openCard(file: string): void;
  settleMs?: number;
  /** Verdicts that arrive within this many ms of each other are told in one notification. */
  groupMs?: number;
  /**
   * What the organisation's policy says (checkEveryDownload): true or false decides and locks it;
   * undefined leaves it to the person. Asked at start, at each status and by `applyPolicy`.
   */
  policy?: () => Promise<boolean | undefined>;
}

/**
 * The download check: off until the person turns it on (a setting main keeps), then every finished
 * download is checked, one at a time, and its verdict shown in a system notification. Files are read
 * only here, on this computer: nothing is uploaded.
 */
export class DownloadChecks {
  readonly #options: DownloadChecksOptions;
  readonly #watcher: DownloadWatcher;
  #problem: string | undefined;
  /**
   * Each file's version when last checked, and when: a file checked through its signature is not
   * checked again for itself, nor for a signature that was already there when it was checked.
   */
  readonly #checked = new Map<string, { version: string; signatures: Map<string, string | null> }>();
  #queue: Promise<void> = Promise.resolve();
  readonly #notices: NoticeBatch;

  constructor(options: DownloadChecksOptions) {
    this.#options = options;
    this.#notices = new NoticeBatch(options.notifier, options.openCard, options.groupMs ?? GROUP_MS);
    this.#watcher = new DownloadWatcher({
      dir: options.downloadsDir,
      settleMs: options.settleMs,
      onFinished: (file) => this.#enqueue(file),
      onStopped: () => {
        this.#problem = 'Signet stopped watching the Downloads folder: it could not be read any more.';
      },
    });
  }

  /** At start-up: watches only if the person turned it on before. */
  async start(): Promise<void> {
    await this.applyPolicy();
  }

  /**
   * Watches or stops as the policy and the person's setting say now: called at start, at each
   * status, and by main when the policy may have changed, so a new policy needs no restart.
   */
  async applyPolicy(): Promise<DownloadCheckStatus> {
    const settings = await this.#options.settings.read();
    const policy = await this.#policy();
    const enabled = policy ?? settings.watchDownloads;
    if (enabled && !this.#watcher.watching) this.#watch();
    if (!enabled && this.#watcher.watching) this.#unwatch();
    return this.#status(settings, policy);
  }

  async status(): Promise<DownloadCheckStatus> {
    return this.applyPolicy();
  }

  async setEnabled(enabled: boolean): Promise<DownloadCheckStatus> {
    if ((await this.#policy()) !== undefined) {
      throw new SignetError(
        'usage',
        'Your organisation decides whether new downloads are checked on this computer.',
      );
    }
    const settings = await this.#options.settings.update({ watchDownloads: enabled });
    if (enabled) this.#watch();
    else this.#unwatch();
    return this.#status(settings, undefined);
  }

  /** The policy's word; a policy that cannot be read decides nothing here (every check then says so). */
  async #policy(): Promise<boolean | undefined> {
    try {
      return await this.#options.policy?.();
    } catch {
      return undefined;
    }
  }

  #unwatch(): void {
    this.#watcher.stop();
    this.#notices.clear();
    this.#problem = undefined;
  }

  stop(): void {
    this.#watcher.stop();
    this.#notices.clear();
  }

  #watch(): void {
    this.#problem = undefined;
    try {
      this.#watcher.start();
    } catch {
      this.#problem = 'Signet cannot watch the Downloads folder: it does not exist or cannot be read.';
    }
  }

  #status(settings: AppSettings, policy: boolean | undefined): DownloadCheckStatus {
    return {
      enabled: policy ?? settings.watchDownloads,
      ...(policy !== undefined ? { setByPolicy: true } : {}),
      watching: this.#watcher.watching,
      folder: this.#options.downloadsDir,
      ...(this.#problem ? { problem: this.#problem } : {}),
    };
  }

  /** One check at a time: a burst of downloads is hashed in turn, never all at once. */
  #enqueue(file: string): void {
    // A check that fails in an unforeseen way must not stop the ones after it.
    this.#queue = this.#queue
      .then(() => this.#check(file))
      .catch((error: unknown) => {
        console.error('Signet: a download could not be checked:', plainMessage(error));
      });
  }

  async #check(download: string): Promise<void> {
    const { notifier, openCard } = this.#options;
    if (!this.#watcher.watching) return;
    // A signature that came before its file says nothing yet: the file's own arrival is checked.
    const file = await downloadTarget(download, (path) => pathExists(path).catch(() => false));
    if (file === null) return;
    // The file a signature stands for is still arriving: its own arrival is checked, signature and all.
    if (file !== download && this.#watcher.isPending(file)) return;
    const version = await versionOf(file);
    const last = this.#checked.get(file);
    if (version !== null && last?.version === version) {
      // Already checked at this version, through its signature: that check saw everything there is.
      if (file === download) return;
      // Checked when this signature was already there as it is now (it came just before its file).
      const signature = await versionOf(download);
      if (signature !== null && last.signatures.get(download) === signature) return;
    }
    await this.#remember(file, version);
    let results: VerifyResult[];
    try {
      results = await this.#options.verify(file);
    } catch (error) {
      notifier.show({ ...downloadFailureText(file, plainMessage(error)), onClick: () => openCard(file) });
      return;
    }
    this.#notices.add(results);
  }

  async #remember(file: string, version: string | null): Promise<void> {
    this.#checked.delete(file);
    if (version === null) return;
    // The signatures beside it as the check finds them; file times are too coarse to order by.
    const signatures = new Map<string, string | null>();
    for (const suffix of SIGNATURE_SUFFIXES)
      signatures.set(`${file}${suffix}`, await versionOf(`${file}${suffix}`));
    this.#checked.set(file, { version, signatures });
    if (this.#checked.size > 1024) {
      const oldest = this.#checked.keys().next().value;
      if (oldest !== undefined) this.#checked.delete(oldest);
    }
  }
}

async function versionOf(file: string): Promise<string | null> {
  try {
    const stats = await lstat(file);
    return `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeMs}`;
  } catch {
    return null;
  }
}
