import { realpath, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { SignetError } from '../../core/errors';
import { type GrantPurpose, type GrantSource, purposesOf } from './grant-purpose';

export type { GrantPurpose, GrantSource } from './grant-purpose';

/** Far more than anyone drops in a session; a page flooding grants cannot grow main's memory without end. */
const MAX_GRANTS = 100_000;

const NOT_GRANTED =
  'Signet only works with files you gave it (dropped, chosen or opened with Signet). This one was not, so nothing was done.';
const OTHER_PURPOSE =
  'That file was given to Signet for something else, so it was not used here. Choose it again for this.';
const MOVED =
  'That file was replaced by a link to another place after you gave it to Signet, so nothing was done. Drop or choose it again.';

/**
 * The set of files the person handed over. Main fills it from its own sources (the native open dialog,
 * the command line, "Open with", drops reported by the preload) and every channel that takes a path
 * asks it first: a page that names any other path gets a refusal, and learns nothing about that path.
 *
 * A grant remembers where the path really led when it was granted; a path that now leads elsewhere (a
 * symlink swapped in) is refused. It also remembers why it was handed over (to check, to sign, to
 * import as a key, …): each channel names the purpose it serves, and a file given for another is
 * refused, so a secret key picked for import never reaches a channel that shows what it read.
 */
export class GrantRegistry {
  readonly #grants = new Map<string, { purposes: Set<GrantPurpose>; real: Promise<string | null> }>();
  /** Signatures and lists main itself found beside granted files: the page may show them in the folder, nothing more. */
  readonly #showable = new Set<string>();

  /** Synchronous on purpose: a grant reported just before a request is in place when the request arrives. */
  grant(paths: readonly string[], source: GrantSource): void {
    for (const raw of paths) {
      if (typeof raw !== 'string' || raw === '' || raw.includes('\0')) continue;
      const path = resolve(raw);
      const earlier = this.#grants.get(path);
      if (this.#grants.size >= MAX_GRANTS && !earlier) return;
      // Handed over again for another reason: both reasons hold, for where the path leads now.
      const purposes = new Set([...(earlier?.purposes ?? []), ...purposesOf(source)]);
      this.#grants.set(path, { purposes, real: realpath(path).catch(() => null) });
    }
  }

  /** Files main named in its own answers (a verdict's signature file or list), for revealInFolder only. */
  allowShowing(paths: ReadonlyArray<string | undefined>): void {
    for (const path of paths) {
      if (path && this.#showable.size < MAX_GRANTS) this.#showable.add(resolve(path));
    }
  }

  /** For revealInFolder: a granted file, or one main itself named in an answer. */
  async resolveShowable(path: string): Promise<string> {
    if (this.#grants.has(resolve(path)) || !this.#showable.has(resolve(path))) return this.#resolveAny(path);
    const now = await realpath(path).catch(() => null);
    if (now === null) throw new SignetError('io', 'That file is not there any more. Nothing was done.');
    return now;
  }

  has(path: string): boolean {
    return this.#grants.has(resolve(path));
  }

  /**
   * The real path to open for a granted `path`, handed over for one of `purposes`; a SignetError
   * for any path the person did not hand over, or handed over for something else. The message never
   * repeats the path (the page may be probing the disk).
   */
  async resolve(path: string, purposes: GrantPurpose | readonly GrantPurpose[]): Promise<string> {
    const entry = this.#grants.get(resolve(path));
    if (!entry) throw new SignetError('usage', NOT_GRANTED);
    const wanted: readonly GrantPurpose[] = typeof purposes === 'string' ? [purposes] : purposes;
    if (!wanted.some((purpose) => entry.purposes.has(purpose))) throw new SignetError('usage', OTHER_PURPOSE);
    return this.#resolveAny(path);
  }

  async #resolveAny(path: string): Promise<string> {
    const entry = this.#grants.get(resolve(path));
    if (!entry) throw new SignetError('usage', NOT_GRANTED);
    const [then, now] = await Promise.all([entry.real, realpath(path).catch(() => null)]);
    if (now === null) throw new SignetError('io', 'That file is not there any more. Nothing was done.');
    if (then !== now) throw new SignetError('usage', then === null ? NOT_GRANTED : MOVED);
    return now;
  }

  /**
   * As resolve, and the path must be an ordinary file: a FIFO, a device or a folder is refused before
   * anything opens it (opening a FIFO blocks a thread; /dev/zero never ends).
   */
  async resolveFile(path: string, purposes: GrantPurpose | readonly GrantPurpose[]): Promise<string> {
    const real = await this.resolve(path, purposes);
    await assertRegularFile(real);
    return real;
  }

  async resolveFiles(
    paths: readonly string[],
    purposes: GrantPurpose | readonly GrantPurpose[],
  ): Promise<string[]> {
    const real: string[] = [];
    for (const path of paths) real.push(await this.resolveFile(path, purposes));
    return real;
  }

  get size(): number {
    return this.#grants.size;
  }
}

/** Refuses anything but an ordinary file, saying what it is instead; stat never opens (so never blocks on a FIFO). */
export async function assertRegularFile(path: string): Promise<void> {
  let kind: string | undefined;
  try {
    const stats = await stat(path);
    if (stats.isFile()) return;
    kind = stats.isDirectory()
      ? 'a folder'
      : stats.isFIFO()
        ? 'a pipe'
        : stats.isCharacterDevice() || stats.isBlockDevice()
          ? 'a device'
          : stats.isSocket()
            ? 'a socket'
            : 'something special';
  } catch {
    throw new SignetError('io', 'That file is not there any more. Nothing was done.');
  }
  throw new SignetError('usage', `That is ${kind}, not an ordinary file, so Signet did not open it.`);
}
