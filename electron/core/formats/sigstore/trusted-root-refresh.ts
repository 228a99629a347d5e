import { join } from 'node:path';
import { initTUF } from '@sigstore/tuf';

/** Sigstore's public-good TUF repository, whose seed root @sigstore/tuf ships. */
export const PUBLIC_GOOD_TUF_MIRROR = 'https://tuf-repo-cdn.sigstore.dev';

export interface TufFetchOptions {
  /** The folder TUF keeps its signed metadata in between runs (under the config folder). */
  cacheDir: string;
  mirrorUrl: string;
  /**
   * The TUF root.json the client starts from, for a mirror whose seed @sigstore/tuf does not ship.
   * The public-good mirror's seed (and the built-in trusted root) come with the library.
   */
  seedRootPath?: string;
  timeoutMs: number;
}

/**
 * The `trusted_root.json` target, after TUF has checked the whole chain: each new root signed by
 * the one before, timestamp, snapshot and targets signed by the keys the root names, none expired,
 * no version older than the one already trusted, and the target's length and hash as targets
 * states them. Throws on any failure (the library keeps the metadata it had), or after
 * `timeoutMs` however far it got.
 */
export async function fetchTrustedRootThroughTuf(options: TufFetchOptions): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TufTimeout()), options.timeoutMs);
    timer.unref();
  });
  const update = (async () => {
    const tuf = await initTUF({
      cachePath: join(options.cacheDir, 'tuf'),
      mirrorURL: options.mirrorUrl,
      ...(options.seedRootPath !== undefined ? { rootPath: options.seedRootPath } : {}),
      retry: 0,
      timeout: options.timeoutMs,
    });
    return JSON.parse(await tuf.getTarget('trusted_root.json')) as unknown;
  })();
  update.catch(() => {}); // a late failure after the timeout is not an unhandled rejection
  try {
    return await Promise.race([update, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export class TufTimeout extends Error {
  constructor() {
    super('The Sigstore update service did not answer in time.');
  }
}
