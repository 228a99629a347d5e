import type { SerializedBundle } from '@sigstore/bundle';
import type { FormatCheck, TrustMaterial } from '../format-module';
import { readSigstoreBundle } from './bundle-reader';
import { publicGoodTrustedRoot, trustedRootFromJson } from './trusted-root';
import { currentPublicGoodRoot } from './trusted-root-current';
import { checkSigstoreBundle, managedKeyFrom } from './verify-bundle';

export interface RecheckInput {
  bundle: SerializedBundle;
  sha256: Uint8Array;
  publicKeyPem: string;
  /**
   * Check the log entry too, against the public-good root as checks take it (sigstoreRootMaterial:
   * kept current, not refreshed, or the organisation's pinned one): only for a bundle logged in the
   * public-good Rekor. Otherwise the signature alone is checked here.
   */
  publicGoodLog?: Pick<TrustMaterial, 'sigstoreTrustedRoot' | 'sigstoreRootUpdate'>;
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
  const pinned = checkLog ? input.publicGoodLog?.sigstoreTrustedRoot : undefined;
  const update = checkLog ? input.publicGoodLog?.sigstoreRootUpdate : undefined;
  const root = pinned
    ? trustedRootFromJson(pinned.json, pinned.source, pinned.pinned ? 'managed' : 'given')
    : update
      ? (await currentPublicGoodRoot(update)).root
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
