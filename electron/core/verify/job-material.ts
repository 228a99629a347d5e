import type { VerifyResult } from '../../../shared/verdict';
import { plainMessage } from '../errors';
import type { TrustedEntry } from '../trust/trust-store';
import { fileMayHoldEmbeddedSignature } from './may-hold-embedded';
import { type OwnKeyEntry, type OwnKeySource, ownKeyEntries, ownKeyVerdict } from './own-keys';
import type { VerifyOptions } from './verify-options';

/** The trust lists as one source (core/trust/trust-store.ts TrustStore, or a stand-in). */
export interface TrustListSource {
  listAll(): Promise<TrustedEntry[]>;
  managedMaterial(): Promise<{ caRoots: Uint8Array[]; onlyListedSigners: boolean }>;
  userMayAdd(): Promise<boolean>;
}

export interface MaterialSources {
  trust: TrustListSource;
  /** The person's own signing keys: a file signed with one reads "made by you (KEY NAME)". */
  keystore?: OwnKeySource;
  /**
   * False when a key given for this check alone replaces the trust list (`--pubkey`): the lists'
   * entries and the person's own keys are then not read. The organisation's policy always is.
   */
  entries?: boolean;
  /** Roots given for this run (`--ca-roots`): after the system's and the organisation's. */
  givenCaRoots?: readonly Uint8Array[];
}

/** What every file of one job is checked against: the same for the CLI and the app. */
export interface JobMaterial {
  /** The trust lists' entries of every kind (managed, then user), then the person's own keys. */
  trusted: TrustedEntry[];
  /** Own keystore keys not already in the trust list: they vouch for "Signed by you". */
  ownKeys: readonly OwnKeyEntry[];
  onlyListedSigners: boolean;
  /** The organisation's roots, then the ones given; the system's are added per file, where they can matter. */
  caRoots: Uint8Array[];
  /** Why the person's trust list could not be read, when it could not (a damaged file is never read as empty). */
  problem?: string;
  /**
   * Why the organisation's managed policy cannot be read, when something is at its path but cannot
   * be read as a policy: then nothing is verified on this computer until it is fixed.
   */
  policyUnreadable?: string;
}

/**
 * Reads the trust material once per job (a signer added while a job runs applies to the next
 * job), before any file is hashed: the organisation's policy first, whose failure to read fails
 * closed; then the lists' entries; then the person's own keys, unless the organisation alone
 * decides who is trusted.
 */
export async function loadJobMaterial(sources: MaterialSources): Promise<JobMaterial> {
  const given = [...(sources.givenCaRoots ?? [])];
  let managed: { caRoots: Uint8Array[]; onlyListedSigners: boolean };
  try {
    managed = await sources.trust.managedMaterial();
  } catch (error) {
    return {
      trusted: [],
      ownKeys: [],
      onlyListedSigners: true,
      caRoots: given,
      policyUnreadable: plainMessage(error),
    };
  }
  const material: JobMaterial = {
    trusted: [],
    ownKeys: [],
    onlyListedSigners: managed.onlyListedSigners,
    caRoots: [...managed.caRoots, ...given],
  };
  if (sources.entries === false) return material;
  let userMayAdd = false;
  try {
    material.trusted = await sources.trust.listAll();
    userMayAdd = await sources.trust.userMayAdd();
  } catch (error) {
    material.problem = plainMessage(error);
  }
  if (userMayAdd && sources.keystore) {
    material.ownKeys = await ownKeyEntries(sources.keystore, material.trusted);
    material.trusted = [...material.trusted, ...material.ownKeys];
  }
  return material;
}

/**
 * Why the organisation's managed policy cannot be read, or undefined when it can (or there is
 * none): for a screen that shows the lists rather than checks a file.
 */
export async function policyUnreadable(
  trust: Pick<TrustListSource, 'managedMaterial'>,
): Promise<string | undefined> {
  try {
    await trust.managedMaterial();
    return undefined;
  } catch (error) {
    return plainMessage(error);
  }
}

/**
 * The options one file is checked with: the system's CA roots (parsed once per process, ~100 ms
 * the first time) come first, and only for a file that may carry a signature inside it, so a
 * check of a minisign-signed file never pays for them.
 */
export async function fileMaterial(
  job: JobMaterial,
  file: string,
): Promise<Pick<VerifyOptions, 'trusted' | 'caRoots' | 'onlyListedSigners' | 'policyUnreadable'>> {
  const caRoots = [...job.caRoots];
  if (await fileMayHoldEmbeddedSignature(file)) {
    const { systemCaRoots } = await import('../formats/publisher-certificates');
    caRoots.unshift(...(await systemCaRoots()));
  }
  return {
    trusted: job.trusted,
    caRoots,
    onlyListedSigners: job.onlyListedSigners,
    ...(job.policyUnreadable !== undefined ? { policyUnreadable: job.policyUnreadable } : {}),
  };
}

/**
 * The verdict as the job's material tells it: signed with one of the person's own keys ("made by
 * you"), and a damaged trust list named where it matters, on a signer it might have known.
 */
export function verdictWithMaterial(job: JobMaterial, result: VerifyResult): VerifyResult {
  const told = ownKeyVerdict(result, job.ownKeys);
  if (!job.problem || told.verdict !== 'unknown-signer') return told;
  return { ...told, reason: `${told.reason} (${job.problem})` };
}
