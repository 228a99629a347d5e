import { plainMessage } from '../../core/errors';
import { TrustStore } from '../../core/trust/trust-store';
import { CliExit } from '../cli-error';
import { readText } from '../read-text';

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new CliExit(2, plainMessage(error));
  }
}

export async function trustAddCommand(
  pubFile: string,
  flags: { name: string; note?: string },
): Promise<number> {
  const keyText = await readText(pubFile, 'public key');
  const signer = await guarded(() =>
    new TrustStore().add({ keyText, name: flags.name, ...(flags.note ? { note: flags.note } : {}) }),
  );
  process.stdout.write(`Now trusting “${signer.name}” (key ${signer.keyId}).\n`);
  return 0;
}

export async function trustListCommand(flags: { json?: boolean }): Promise<number> {
  const signers = await guarded(() => new TrustStore().list());
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ signers })}\n`);
    return 0;
  }
  if (signers.length === 0)
    process.stdout.write('No trusted signers yet. Add one with: signet trust add KEY.pub --name NAME\n');
  for (const s of signers) {
    const managed = s.source === 'managed' ? '  (managed by your organisation)' : '';
    process.stdout.write(`${s.keyId}  ${s.name}${managed}\n`);
  }
  return 0;
}

export async function trustRemoveCommand(keyId: string): Promise<number> {
  await guarded(() => new TrustStore().remove(keyId));
  process.stdout.write(`Removed ${keyId} from your trusted signers.\n`);
  return 0;
}
