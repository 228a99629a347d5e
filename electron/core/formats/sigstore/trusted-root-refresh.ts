import { initTUF } from '@sigstore/tuf';
import { type LoadedTrustedRoot, publicGoodTrustedRoot, trustedRootFromJson } from './trusted-root';

export interface RefreshOptions {
  /** Where TUF keeps its signed metadata between runs (the app's data folder). */
  cachePath: string;
  /** The whole refresh gives up after this long; the built-in root is used instead. */
  timeoutMs?: number;
  now?: Date;
}

export interface RefreshResult {
  root: LoadedTrustedRoot;
  refreshed: boolean;
  /** Why the built-in root was kept: for the details panel, never an error. */
  problem?: string;
}

/**
 * Online, updates the public-good root through Sigstore's TUF repository (signed metadata, rooted
 * in the seed that ships with @sigstore/tuf). Offline, or on any failure, answers the built-in root
 * and says why: verification never fails for lack of the network.
 */
export async function refreshPublicGoodRoot(options: RefreshOptions): Promise<RefreshResult> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), timeoutMs);
    timer.unref();
  });
  try {
    const update = (async () => {
      const tuf = await initTUF({ cachePath: options.cachePath, retry: 0, timeout: timeoutMs });
      return JSON.parse(await tuf.getTarget('trusted_root.json')) as unknown;
    })();
    update.catch(() => {}); // a late failure after the timeout is not an unhandled rejection
    const json = await Promise.race([update, timeout]);
    const day = (options.now ?? new Date()).toISOString().slice(0, 10);
    const root = trustedRootFromJson(json, `the Sigstore public-good root, updated through TUF on ${day}`);
    return { root, refreshed: true };
  } catch (error) {
    // The library's own messages are not shown (house rule); the two cases a person can act on are.
    const problem =
      error instanceof Error && error.message === 'timed out'
        ? 'The Sigstore update service did not answer in time.'
        : 'The Sigstore update service could not be reached, or its answer was not accepted.';
    return { root: publicGoodTrustedRoot(), refreshed: false, problem };
  } finally {
    clearTimeout(timer);
  }
}
