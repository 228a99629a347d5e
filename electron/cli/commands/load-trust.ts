import type { TrustedEntry } from '../../core/trust/trust-store';

/**
 * The trust list, or the reason it could not be read. A key given on the command line does not need
 * the trust list, so a damaged one is only fatal when nothing else names a key. Imported on demand:
 * its schema library costs more start-up time than the whole check of a small file.
 */
export async function loadTrusted(): Promise<{ trusted: TrustedEntry[]; problem?: string }> {
  try {
    const { TrustStore } = await import('../../core/trust/trust-store');
    return { trusted: await new TrustStore().listAll() };
  } catch (error) {
    return { trusted: [], problem: (error as Error).message };
  }
}
