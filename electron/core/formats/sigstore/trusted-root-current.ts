import type { SigstoreRootUpdate } from '../format-module';
import type { LoadedTrustedRoot } from './trusted-root';
import { publicGoodTrustedRoot, trustedRootFromJson } from './trusted-root';
import {
  readCachedRoot,
  readRefreshState,
  updatedSource,
  writeCachedRoot,
  writeRefreshState,
} from './trusted-root-cache';
import { fetchTrustedRootThroughTuf, PUBLIC_GOOD_TUF_MIRROR, TufTimeout } from './trusted-root-refresh';

const HOUR_MS = 60 * 60 * 1000;
/** Sigstore's clients refresh daily; the public-good timestamp metadata lives about a week. */
const UPDATE_EVERY_MS = 24 * HOUR_MS;
/** After a failed attempt (offline, a refused answer), wait this long before asking again. */
const RETRY_AFTER_MS = HOUR_MS;
/** A check waits no longer than this for the update service; then it goes on with the root it has. */
const DEFAULT_TIMEOUT_MS = 3000;

export interface CurrentRoot {
  root: LoadedTrustedRoot;
  /** Why the root was not updated when an update was due: for the details, never an error. */
  problem?: string;
}

const inFlight = new Map<string, Promise<CurrentRoot>>();

/**
 * The public-good trusted root to check with: the last one Sigstore's TUF service vouched for
 * (cached in the config folder), refreshed when a day has passed, else the root built into Signet,
 * which is also TUF's seed. Offline, refused or slow, the update leaves the root it had; never
 * throws. Checks made at once share one update.
 */
export function currentPublicGoodRoot(options: SigstoreRootUpdate, now = new Date()): Promise<CurrentRoot> {
  const key = options.cacheDir;
  const running = inFlight.get(key);
  if (running) return running;
  const answer = chooseRoot(options, now).finally(() => inFlight.delete(key));
  inFlight.set(key, answer);
  return answer;
}

async function chooseRoot(options: SigstoreRootUpdate, now: Date): Promise<CurrentRoot> {
  const mirrorUrl = options.mirrorUrl ?? PUBLIC_GOOD_TUF_MIRROR;
  const cached = await readCachedRoot(options.cacheDir, mirrorUrl);
  const kept = () => newerOf(cached, publicGoodTrustedRoot());
  if (!options.refresh) return { root: kept() };
  const state = await readRefreshState(options.cacheDir);
  if (!updateDue(state, now)) return { root: kept() };
  try {
    // Recorded first: a crash or a slow answer must not make every later check ask again.
    await writeRefreshState(options.cacheDir, { ...state, lastAttemptAt: now });
    const json = await fetchTrustedRootThroughTuf({
      cacheDir: options.cacheDir,
      mirrorUrl,
      ...(options.seedRootPath !== undefined ? { seedRootPath: options.seedRootPath } : {}),
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
    const root = { ...trustedRootFromJson(json, updatedSource(now), 'updated'), updatedAt: now };
    await writeCachedRoot(options.cacheDir, mirrorUrl, json, now);
    await writeRefreshState(options.cacheDir, { lastAttemptAt: now, lastUpdateAt: now });
    return { root: newerOf(root, publicGoodTrustedRoot()) };
  } catch (error) {
    // The library's messages are not shown (house rule); the two cases a person can act on are.
    const problem =
      error instanceof TufTimeout
        ? error.message
        : 'The Sigstore update service could not be reached, or its answer was not accepted.';
    return { root: kept(), problem };
  }
}

/**
 * The cached root, unless the built-in one names a newer key: a Signet update can ship a root newer
 * than the last one this computer fetched (updates turned off, or offline for months).
 */
function newerOf(cached: LoadedTrustedRoot | undefined, builtIn: LoadedTrustedRoot): LoadedTrustedRoot {
  if (!cached) return builtIn;
  return builtIn.newestKeyFrom.getTime() > cached.newestKeyFrom.getTime() ? builtIn : cached;
}

function updateDue(state: { lastAttemptAt?: Date; lastUpdateAt?: Date }, now: Date): boolean {
  const since = (d: Date | undefined) => (d ? now.getTime() - d.getTime() : Number.POSITIVE_INFINITY);
  // A clock set back makes every interval negative: then ask, rather than never again.
  const lastUpdate = since(state.lastUpdateAt);
  const lastAttempt = since(state.lastAttemptAt);
  if (lastUpdate >= 0 && lastUpdate < UPDATE_EVERY_MS) return false;
  return !(lastAttempt >= 0 && lastAttempt < RETRY_AFTER_MS);
}
