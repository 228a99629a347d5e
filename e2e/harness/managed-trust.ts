import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { TrustStore } from '../../electron/core/trust/trust-store';

/**
 * Writes an organisation-managed trust list holding these keys, in the format the real TrustStore
 * writes (it makes the entries in a scratch folder, so the file is exactly what IT would deploy).
 */
export async function writeManagedTrustList(
  managedFile: string,
  signers: Array<{ keyText: string; name: string; note?: string }>,
): Promise<void> {
  const scratch = join(dirname(managedFile), 'scratch');
  const store = new TrustStore({ configDir: scratch, managedFile: join(scratch, 'none.json') });
  for (const signer of signers) await store.add(signer);
  const written = await readFile(store.file, 'utf8');
  await mkdir(dirname(managedFile), { recursive: true });
  await writeFile(managedFile, written);
  await rm(scratch, { recursive: true, force: true });
}
