import { printable } from '../../../shared/printable';
import { plainMessage } from '../../core/errors';
import { readSmallFile } from '../../core/fs/read-small-file';
import { CERTIFICATE_MAX_BYTES } from '../../core/limits';
import { TrustStore } from '../../core/trust/trust-store';
import { CliExit } from '../cli-error';

/**
 * `signet trust add --publisher-cert CERT.pem --name NAME`: pins an Authenticode publisher by its
 * certificate's SHA-256 thumbprint (PEM or DER; the first certificate of a PEM bundle).
 */
export async function trustAddPublisherCommand(
  certFile: string,
  flags: { name: string; note?: string },
  store: TrustStore = new TrustStore(),
): Promise<number> {
  let entry: Awaited<ReturnType<TrustStore['addPublisher']>>;
  try {
    const certificate = await readSmallFile(certFile, CERTIFICATE_MAX_BYTES, 'The certificate file');
    entry = await store.addPublisher({
      certificate,
      name: flags.name,
      addedFrom: certFile,
      ...(flags.note ? { note: flags.note } : {}),
    });
  } catch (error) {
    throw new CliExit(2, plainMessage(error));
  }
  process.stdout.write(
    `Now trusting “${printable(entry.name)}” (publisher certificate ${printable(entry.keyId)}).\n`,
  );
  return 0;
}
