import { type FSWatcher, watch } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { isIgnoredName, partialSiblings } from './download-names';

export interface DownloadWatcherOptions {
  /** The folder watched (app.getPath('downloads') in the app; a temp folder in tests). Not its subfolders. */
  dir: string;
  /** Called once per finished download (a regular file whose size and time held still for `settleMs`). */
  onFinished(path: string): void;
  /** How long a file must stay unchanged to count as finished; two looks this far apart must agree. */
  settleMs?: number;
  /** Files waiting to settle at once; more are dropped (a flood of new files must not grow memory without end). */
  maxPending?: number;
  /** Called when the folder can no longer be watched (deleted, unmounted); the watcher has stopped. */
  onStopped?(error: unknown): void;
}

/** What a look at a file saw; equal twice in a row, `settleMs` apart, means it stopped growing. */
interface Look {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
}

const DEFAULT_SETTLE_MS = 1500;
const DEFAULT_MAX_PENDING = 256;
/** Versions of files already reported; a later event for the same version is not a new download. */
const MAX_REMEMBERED = 2048;

/**
 * Watches one folder for downloads that have finished. Idle, it is one OS watch (inotify, FSEvents,
 * ReadDirectoryChangesW) and no timer: it costs nothing until a file changes (measured: 62.6 and
 * 79.0 ms of CPU per idle minute with it, 71.6 and 74.6 ms without; bench/DOWNLOADS-IDLE.md). A file counts as
 * finished when it is a regular file (symlinks, FIFOs, sockets, devices and folders are refused
 * quietly: only lstat is ever called on them, which never opens and so never blocks), is not empty,
 * is not named like a partial download, has no partial sibling still being written, and looks the
 * same (size, times, inode) at two looks `settleMs` apart with no event in between.
 */
export class DownloadWatcher {
  readonly #dir: string;
  readonly #onFinished: (path: string) => void;
  readonly #onStopped: (error: unknown) => void;
  readonly #settleMs: number;
  readonly #maxPending: number;
  readonly #pending = new Map<string, { timer: NodeJS.Timeout; last: Look | null }>();
  readonly #reported = new Map<string, string>();
  #watcher: FSWatcher | null = null;

  constructor(options: DownloadWatcherOptions) {
    this.#dir = options.dir;
    this.#onFinished = options.onFinished;
    this.#onStopped = options.onStopped ?? (() => {});
    this.#settleMs = options.settleMs ?? DEFAULT_SETTLE_MS;
    this.#maxPending = options.maxPending ?? DEFAULT_MAX_PENDING;
  }

  get watching(): boolean {
    return this.#watcher !== null;
  }

  /** True while `path` (in the watched folder) changed lately and has not settled yet. */
  isPending(path: string): boolean {
    const inFolder = join(this.#dir, basename(path)) === path;
    return inFolder && this.#pending.has(basename(path));
  }

  /** Starts watching; throws (plain Node error) when the folder cannot be watched. */
  start(): void {
    if (this.#watcher) return;
    // persistent: false, so an idle watch never keeps the process alive on its own.
    const watcher = watch(this.#dir, { persistent: false, encoding: 'utf8' }, (_type, name) => {
      if (typeof name === 'string') this.#saw(name);
    });
    watcher.on('error', (error) => {
      this.stop();
      this.#onStopped(error);
    });
    this.#watcher = watcher;
  }

  stop(): void {
    this.#watcher?.close();
    this.#watcher = null;
    for (const { timer } of this.#pending.values()) clearTimeout(timer);
    this.#pending.clear();
  }

  /** Any event on a name (created, renamed to, written to) starts or restarts its wait. */
  #saw(name: string): void {
    if (!this.#watcher || isIgnoredName(name)) return;
    const entry = this.#pending.get(name);
    if (entry) {
      entry.timer.refresh();
      return;
    }
    if (this.#pending.size >= this.#maxPending) return;
    this.#pending.set(name, { timer: this.#timer(name), last: null });
  }

  #timer(name: string): NodeJS.Timeout {
    const timer = setTimeout(() => void this.#look(name), this.#settleMs);
    timer.unref();
    return timer;
  }

  async #look(name: string): Promise<void> {
    const entry = this.#pending.get(name);
    if (!entry) return;
    const now = await lookAt(join(this.#dir, name));
    if (this.#pending.get(name) !== entry || !this.#watcher) return;
    if (now === null) {
      // Gone, not a regular file, or empty (Firefox's placeholder): its rename or next write brings it back.
      this.#pending.delete(name);
      return;
    }
    const settled = entry.last !== null && sameLook(entry.last, now);
    if (!settled || (await this.#stillDownloading(name))) {
      entry.last = now;
      entry.timer.refresh();
      return;
    }
    if (this.#pending.get(name) !== entry) return;
    this.#pending.delete(name);
    const version = `${now.dev}:${now.ino}:${now.size}:${now.mtimeMs}`;
    if (this.#reported.get(name) === version) return;
    this.#remember(name, version);
    this.#onFinished(join(this.#dir, name));
  }

  async #stillDownloading(name: string): Promise<boolean> {
    const wanted = new Set(partialSiblings(name).map((sibling) => sibling.toLowerCase()));
    try {
      // One readdir rather than a stat per suffix; names compared without case (Windows, macOS).
      const names = await readdir(this.#dir);
      return names.some((other) => wanted.has(other.toLowerCase()));
    } catch {
      return false;
    }
  }

  #remember(name: string, version: string): void {
    this.#reported.delete(name);
    this.#reported.set(name, version);
    if (this.#reported.size > MAX_REMEMBERED) {
      const oldest = this.#reported.keys().next().value;
      if (oldest !== undefined) this.#reported.delete(oldest);
    }
  }
}

/** lstat only: a FIFO or device is never opened, a symlink never followed. Null for anything but a non-empty file. */
async function lookAt(path: string): Promise<Look | null> {
  try {
    const stats = await lstat(path);
    if (!stats.isFile() || stats.size === 0) return null;
    return {
      dev: stats.dev,
      ino: stats.ino,
      size: stats.size,
      mtimeMs: stats.mtimeMs,
      ctimeMs: stats.ctimeMs,
    };
  } catch {
    return null;
  }
}

function sameLook(a: Look, b: Look): boolean {
  return (
    a.dev === b.dev &&
    a.ino === b.ino &&
    a.size === b.size &&
    a.mtimeMs === b.mtimeMs &&
    a.ctimeMs === b.ctimeMs
  );
}
