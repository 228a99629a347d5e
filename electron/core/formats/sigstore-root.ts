import { join } from 'node:path';
import type { TrustMaterial } from './format-module';

/** What an organisation's managed settings may say about the Sigstore trusted root. */
export interface ManagedSigstoreRoot {
  /** A trusted root every check uses, in place of the public-good one and its updates. */
  pinnedRoot?: { json: unknown; source: string };
  /** False: never ask Sigstore's update service (the last root it vouched for, or the built-in one). */
  refresh?: boolean;
}

/**
 * The material that tells the Sigstore check which public-good root to use: kept current through
 * TUF in the config folder's `sigstore` folder, unless the organisation pins a root or turns
 * updates off. The app and the CLI add it to every check; tests that leave it out get the built-in
 * root and no network.
 */
export function sigstoreRootMaterial(
  configDir: string,
  managed: ManagedSigstoreRoot = {},
): Pick<TrustMaterial, 'sigstoreTrustedRoot' | 'sigstoreRootUpdate'> {
  if (managed.pinnedRoot) return { sigstoreTrustedRoot: { ...managed.pinnedRoot, pinned: true } };
  return {
    sigstoreRootUpdate: { cacheDir: join(configDir, 'sigstore'), refresh: managed.refresh !== false },
  };
}
