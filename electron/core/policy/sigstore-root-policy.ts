import { SignetError } from '../errors';
import type { ManagedSigstoreRoot } from '../formats/sigstore-root';
import { readSmallFile } from '../fs/read-small-file';
import { TRUSTED_ROOT_MAX_BYTES } from '../limits';
import type { SigstoreSettings } from '../trust/trust-file';
import { type PolicyLocations, policyLocations, policyMayBeThere } from './locations';

/**
 * What the organisation's policy says about Sigstore's trusted root, as the Sigstore check takes
 * it (core/formats/sigstore-root.ts): a root it pins, read from the file it names, and whether the
 * public-good root may be refreshed. A policy that cannot be read says nothing here: every check
 * made meanwhile already answers that the policy cannot be read, and nothing verifies. A pinned
 * root that cannot be read throws: checking against another root than the one the organisation
 * chose is not an answer it gave.
 */
export async function managedSigstoreRoot(
  locations: PolicyLocations = policyLocations(),
): Promise<ManagedSigstoreRoot> {
  if (!(await policyMayBeThere(locations))) return {};
  let sigstore: SigstoreSettings | undefined;
  try {
    // Loaded only where a policy may be: its schema library costs more than a small check.
    const { managedSigningSettings } = await import('./signing-settings');
    sigstore = (await managedSigningSettings(locations)).sigstore;
  } catch {
    return {};
  }
  if (!sigstore) return {};
  const managed: ManagedSigstoreRoot = sigstore.refresh !== undefined ? { refresh: sigstore.refresh } : {};
  if (sigstore.trustedRoot === undefined) return managed;
  let json: unknown;
  try {
    json = JSON.parse(
      (await readSmallFile(sigstore.trustedRoot, TRUSTED_ROOT_MAX_BYTES, 'The trusted root')).toString(
        'utf8',
      ),
    );
  } catch (error) {
    throw new SignetError(
      'io',
      `Your organisation’s policy pins the Sigstore trusted root ${sigstore.trustedRoot}, and it cannot be read (${(error as Error).message}).`,
    );
  }
  return {
    ...managed,
    pinnedRoot: { json, source: `your organisation’s trusted root (${sigstore.trustedRoot})` },
  };
}
