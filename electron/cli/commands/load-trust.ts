import type { VerifyResult } from '../../../shared/verdict';
import { ROOTS_FILE_MAX_BYTES } from '../../core/limits';
import { policyMayBeThere } from '../../core/policy/locations';
import type { TrustListSource } from '../../core/verify/job-material';
import type { VerifyOptions } from '../../core/verify/verify-options';
import { CliExit } from '../cli-error';
import { readText } from '../read-text';

/** The trust material of one CLI check, as the options it adds and how it tells the verdict. */
export interface CliTrustMaterial {
  trusted: NonNullable<VerifyOptions['trusted']>;
  options: Pick<VerifyOptions, 'trusted' | 'caRoots' | 'onlyListedSigners' | 'policyUnreadable'>;
  tell(result: VerifyResult): VerifyResult;
}

/**
 * What a check in the terminal is made against, read by the core's loadJobMaterial as the app
 * reads it: the organisation's policy (which fails closed), the trust lists and the person's own
 * keys unless a key is given for this check (`useTrustList` false), and the code-signing roots
 * (the system's, the organisation's, `--ca-roots FILE`). Imported on demand, as is the trust
 * list's schema library, which costs more start-up time than the whole check of a small file.
 */
export async function loadTrustMaterial(
  file: string,
  flags: {
    caRootsFile?: string | undefined;
    useTrustList: boolean;
    /** The lists to check against instead of this computer's (`policy test`: a policy file alone, no own keys). */
    trust?: TrustListSource;
  },
): Promise<CliTrustMaterial> {
  // Only the keys' records are read: a check never loads the keystore's secret-key code.
  const [{ fileMaterial, loadJobMaterial, verdictWithMaterial }, { listKeys }, { keystoreDir }] =
    await Promise.all([
      import('../../core/verify/job-material'),
      import('../../core/keystore/key-list'),
      import('../../core/keystore/location'),
    ]);
  const job = await loadJobMaterial({
    trust: flags.trust ?? cliTrustLists(),
    ...(flags.trust ? {} : { keystore: { list: () => listKeys(keystoreDir()) } }),
    entries: flags.useTrustList,
    givenCaRoots: await givenRoots(flags.caRootsFile),
  });
  const options = await fileMaterial(job, file);
  return { trusted: job.trusted, options, tell: (result) => verdictWithMaterial(job, result) };
}

/** `--ca-roots FILE`: PEM, one or more certificates. */
async function givenRoots(file: string | undefined): Promise<Uint8Array[]> {
  if (file === undefined) return [];
  const { pemCertificates } = await import('../../core/formats/publisher-certificates');
  const roots = pemCertificates(await readText(file, 'roots file', ROOTS_FILE_MAX_BYTES));
  if (roots.length === 0) throw new CliExit(2, `${file} holds no PEM certificate (--ca-roots).`);
  return roots;
}

/**
 * The trust lists, with the schema library loaded only when a list is read: most computers have
 * no managed list, and a check with a key given reads no other list.
 */
function cliTrustLists(): TrustListSource {
  const store = async () => new (await import('../../core/trust/trust-store')).TrustStore();
  return {
    async managedMaterial() {
      if (!(await policyMayBeThere())) return { caRoots: [], onlyListedSigners: false };
      return (await store()).managedMaterial();
    },
    listAll: async () => (await store()).listAll(),
    userMayAdd: async () => (await store()).userMayAdd(),
  };
}
