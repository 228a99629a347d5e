import { lstat } from 'node:fs/promises';
import { managedTrustFile } from '../../core/config/paths';
import { ROOTS_FILE_MAX_BYTES } from '../../core/limits';
import { fileMayHoldEmbeddedSignature } from '../../core/verify/may-hold-embedded';
import { CliExit } from '../cli-error';
import { readText } from '../read-text';

/**
 * Roots trusted for code signing in this run: the system's CA store, the organisation's managed
 * list, and `--ca-roots FILE` (PEM, one or more). Also whether the managed list says only listed
 * publishers count. A damaged managed list adds nothing here: loadTrusted reports it.
 */
export async function loadCaMaterial(
  caRootsFile: string | undefined,
  artifact: string,
): Promise<{ caRoots: Uint8Array[]; onlyListedSigners: boolean }> {
  const { pemCertificates, systemCaRoots } = await import('../../core/formats/authenticode/system-roots');
  const given: Uint8Array[] = [];
  if (caRootsFile !== undefined) {
    given.push(...pemCertificates(await readText(caRootsFile, 'roots file', ROOTS_FILE_MAX_BYTES)));
    if (given.length === 0) throw new CliExit(2, `${caRootsFile} holds no PEM certificate (--ca-roots).`);
  }
  let managed = { caRoots: [] as Uint8Array[], onlyListedSigners: false };
  try {
    // Most machines have no managed list: then its schema library is not loaded at all.
    const managedFile = managedTrustFile();
    if (await somethingAt(managedFile)) {
      const { TrustStore } = await import('../../core/trust/trust-store');
      managed = await new TrustStore({ managedFile }).managedMaterial();
    }
  } catch {
    // reported by loadTrusted
  }
  return {
    // Parsing ~150 system roots costs ~100 ms: only for a file that may hold a signature inside it.
    caRoots: [
      ...((await fileMayHoldEmbeddedSignature(artifact)) ? await systemCaRoots() : []),
      ...managed.caRoots,
      ...given,
    ],
    onlyListedSigners: managed.onlyListedSigners,
  };
}

async function somethingAt(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}
