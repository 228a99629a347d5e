import { CliExit } from '../cli-error';
import { readText } from '../read-text';

/**
 * Roots trusted for code signing in this run: the system's CA store, the organisation's managed
 * list, and `--ca-roots FILE` (PEM, one or more). Also whether the managed list says only listed
 * publishers count. A damaged managed list adds nothing here: loadTrusted reports it.
 */
export async function loadCaMaterial(
  caRootsFile: string | undefined,
): Promise<{ caRoots: Uint8Array[]; onlyListedSigners: boolean }> {
  const { pemCertificates, systemCaRoots } = await import('../../core/formats/authenticode/system-roots');
  const given: Uint8Array[] = [];
  if (caRootsFile !== undefined) {
    given.push(...pemCertificates(await readText(caRootsFile, 'roots file', 16 * 1024 * 1024)));
    if (given.length === 0) throw new CliExit(2, `${caRootsFile} holds no PEM certificate (--ca-roots).`);
  }
  let managed = { caRoots: [] as Uint8Array[], onlyListedSigners: false };
  try {
    const { TrustStore } = await import('../../core/trust/trust-store');
    managed = await new TrustStore().managedMaterial();
  } catch {
    // reported by loadTrusted
  }
  return {
    caRoots: [...(await systemCaRoots()), ...managed.caRoots, ...given],
    onlyListedSigners: managed.onlyListedSigners,
  };
}
