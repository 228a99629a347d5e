import type { TrustedEntry } from '../../core/trust/trust-store';
import { fileMayHoldEmbeddedSignature } from '../../core/verify/may-hold-embedded';
import type { VerifyOptions } from '../../core/verify/verify-options';
import { type OwnKeyEntry, ownKeyEntries } from './own-keys';
import type { KeystorePort, TrustMaterialPort, TrustPort } from './types';

/** What every file of one job is checked against: the same for the CLI and the app. */
export interface JobMaterial {
  /** The trust list's entries of every kind (user + managed), then the person's own keys. */
  trusted: TrustedEntry[];
  /** Own keystore keys not already in the trust list: they vouch for "Signed by you". */
  ownKeys: readonly OwnKeyEntry[];
  onlyListedSigners: boolean;
  /** Managed roots now; the system store's roots are added per file, only where they can matter. */
  managedCaRoots: Uint8Array[];
  /** Why the trust list could not be read, when it could not (a damaged file is never read as empty). */
  problem?: string;
}

/**
 * Read once per job (a signer added while a job runs applies to the next job), before any file is
 * hashed. The trust list is read with every entry kind, as the CLI's loadTrusted does.
 */
export async function loadJobMaterial(
  trust: TrustPort & TrustMaterialPort,
  keystore: KeystorePort,
): Promise<JobMaterial> {
  let trusted: TrustedEntry[] = [];
  let problem: string | undefined;
  let managed = { caRoots: [] as Uint8Array[], onlyListedSigners: false };
  let userMayAdd = false;
  try {
    trusted = await trust.listAll();
    managed = await trust.managedMaterial();
    userMayAdd = await trust.userMayAdd();
  } catch (error) {
    problem = (error as Error).message;
  }
  // Where the organisation alone decides who is trusted, the person's own keys vouch for nothing more.
  const ownKeys = userMayAdd ? await ownKeyEntries(keystore, trusted) : [];
  return {
    trusted: [...trusted, ...ownKeys],
    ownKeys,
    onlyListedSigners: managed.onlyListedSigners,
    managedCaRoots: managed.caRoots,
    ...(problem ? { problem } : {}),
  };
}

/**
 * The per-file options: system CA roots (parsed once per process, ~100 ms the first time) only for
 * a file that may carry a signature inside it, so a check of a minisign-signed file never pays for
 * them. The Sigstore trusted root is the one built into the app unless a test or a private
 * deployment gives another.
 */
export async function fileMaterial(
  job: JobMaterial,
  file: string,
): Promise<Pick<VerifyOptions, 'trusted' | 'caRoots' | 'onlyListedSigners'>> {
  const caRoots = [...job.managedCaRoots];
  if (await fileMayHoldEmbeddedSignature(file)) {
    const { systemCaRoots } = await import('../../core/formats/publisher-certificates');
    caRoots.unshift(...(await systemCaRoots()));
  }
  return { trusted: job.trusted, caRoots, onlyListedSigners: job.onlyListedSigners };
}
