import type { SerializedBundle } from '@sigstore/bundle';
import type { FormatCheck, SigstoreRootUpdate } from '../format-module';
import { readSigstoreBundle } from './bundle-reader';
import { publicGoodTrustedRoot } from './trusted-root';
import { currentPublicGoodRoot } from './trusted-root-current';
import { checkSigstoreBundle, managedKeyFrom } from './verify-bundle';

export interface RecheckInput {
  bundle: SerializedBundle;
  sha256: Uint8Array;
  publicKeyPem: string;
  /**
   * Check the log entry too, against the public-good root (kept current as for a check): only for
   * a bundle logged in the public-good Rekor. Otherwise the signature alone is checked here.
   */
  publicGoodLog?: SigstoreRootUpdate;
}

/**
 * A bundle just written, read back and checked as `signet verify --pubkey` would: the signature
 * against the key over the file's digest and, for the public-good log, its entry. A bundle logged
 * elsewhere has its signature checked without the entry (its log's root is not known here).
 */
export async function recheckManagedKeyBundle(input: RecheckInput): Promise<FormatCheck> {
  const logged = (input.bundle.verificationMaterial.tlogEntries ?? []).length > 0;
  const checkLog = logged && input.publicGoodLog !== undefined;
  const json: SerializedBundle = checkLog
    ? input.bundle
    : { ...input.bundle, verificationMaterial: { ...input.bundle.verificationMaterial, tlogEntries: [] } };
  const parsed = readSigstoreBundle(new TextEncoder().encode(JSON.stringify(json)));
  const managedKey = managedKeyFrom(new TextEncoder().encode(input.publicKeyPem), 'the signing key');
  const root =
    checkLog && input.publicGoodLog
      ? (await currentPublicGoodRoot(input.publicGoodLog)).root
      : publicGoodTrustedRoot();
  return checkSigstoreBundle({
    parsed,
    artifactDigest: Buffer.from(input.sha256),
    root,
    trust: [],
    ...(managedKey ? { managedKey } : {}),
    now: new Date(),
    what: 'The file',
  });
}
