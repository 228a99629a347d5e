import { type JobMaterial, loadJobMaterial as loadMaterial } from '../../core/verify/job-material';
import type { KeystorePort, TrustMaterialPort, TrustPort } from './types';

export { fileMaterial, type JobMaterial } from '../../core/verify/job-material';

/** The app's trust material for one job: the core's, read from main's trust list and keystore. */
export function loadJobMaterial(
  trust: TrustPort & TrustMaterialPort,
  keystore: KeystorePort,
): Promise<JobMaterial> {
  return loadMaterial({ trust, keystore });
}
