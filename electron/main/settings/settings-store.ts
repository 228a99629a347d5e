import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../../core/fs/atomic-write';
import { ensurePrivateDir } from '../../core/fs/private-dir';
import { readSmallTextFile } from '../handlers/read-small-file';

/** The app's own settings, kept by main in the config folder; the page can only ask main to change them. */
export interface AppSettings {
  /** Check every download as it finishes. Off until the person turns it on. */
  watchDownloads: boolean;
}

export const DEFAULT_SETTINGS: AppSettings = { watchDownloads: false };

const settingsFile = z.object({
  version: z.literal(1),
  watchDownloads: z.boolean().optional(),
});

/** Larger than any settings file Signet writes; a bigger one is not ours and is not read. */
const MAX_BYTES = 64 * 1024;

/**
 * `<config folder>/settings.json`, written atomically (temp file, fsync, rename), so a crash leaves
 * the old settings or the new ones. A missing, unreadable or damaged file means the defaults: every
 * setting is off, so a damaged file can never turn the watcher on. Unknown keys from a newer Signet
 * are kept when writing.
 */
export class SettingsStore {
  readonly #file: string;
  #cached: AppSettings | null = null;
  /** Writes one after another, so two quick toggles land in the order they were made. */
  #writing: Promise<unknown> = Promise.resolve();

  constructor(configDir: string) {
    this.#file = join(configDir, 'settings.json');
  }

  get file(): string {
    return this.#file;
  }

  async read(): Promise<AppSettings> {
    if (this.#cached) return { ...this.#cached };
    const raw = await this.#readRaw();
    const parsed = settingsFile.safeParse(raw);
    this.#cached = { ...DEFAULT_SETTINGS, ...(parsed.success ? stripUndefined(parsed.data) : {}) };
    return { ...this.#cached };
  }

  async update(change: Partial<AppSettings>): Promise<AppSettings> {
    const next = this.#writing.then(async () => {
      const current = await this.read();
      const updated: AppSettings = { ...current, ...change };
      const raw = await this.#readRaw();
      const others = isPlainObject(raw) ? raw : {};
      await ensurePrivateDir(join(this.#file, '..'));
      await writeFileAtomic(
        this.#file,
        `${JSON.stringify({ ...others, ...updated, version: 1 }, null, 2)}\n`,
        {
          overwrite: true,
          mode: 0o600,
        },
      );
      this.#cached = updated;
      return { ...updated };
    });
    this.#writing = next.catch(() => {});
    return next;
  }

  async #readRaw(): Promise<unknown> {
    try {
      // Bounded and opened non-blocking: whatever sits at that path, reading it cannot hang start-up.
      return JSON.parse(await readSmallTextFile(this.#file, MAX_BYTES, 'settings file')) as unknown;
    } catch {
      return null;
    }
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stripUndefined(data: z.output<typeof settingsFile>): Partial<AppSettings> {
  return data.watchDownloads === undefined ? {} : { watchDownloads: data.watchDownloads };
}
