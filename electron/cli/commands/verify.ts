import { exitCodeFor, type VerifyResult } from '../../../shared/verdict';
import { verifyArtifact } from '../../core/verify/verify-artifact';
import { CliExit } from '../cli-error';
import { presentVerdict } from '../present-verdict';
import { readText, readTextAndBytes } from '../read-text';
import { loadTrusted } from './load-trust';

export interface VerifyFlags {
  sig?: string;
  pubkey?: string;
  pubkeyString?: string;
  allowedSigners?: string;
  namespace?: string;
  json?: boolean;
}

export async function verifyCommand(file: string, flags: VerifyFlags): Promise<number> {
  const keySources = [flags.pubkey, flags.pubkeyString, flags.allowedSigners].filter((x) => x !== undefined);
  if (keySources.length > 1)
    throw new CliExit(2, 'Give only one of --pubkey, --pubkey-string and --allowed-signers.');
  if (flags.namespace !== undefined && flags.allowedSigners === undefined) {
    throw new CliExit(2, '--namespace goes with --allowed-signers.');
  }
  const keyFile = flags.pubkey !== undefined ? await readTextAndBytes(flags.pubkey, 'public key') : undefined;
  const publicKeyText = keyFile ? keyFile.text : flags.pubkeyString;
  const allowedSignersText =
    flags.allowedSigners !== undefined
      ? await readText(flags.allowedSigners, 'allowed signers file')
      : undefined;
  const { trusted, problem } = keySources.length === 0 ? await loadTrusted() : { trusted: [] };
  let result: VerifyResult = await verifyArtifact(file, {
    ...(flags.sig !== undefined ? { signatureFile: flags.sig } : {}),
    ...(publicKeyText !== undefined ? { publicKeyText, publicKeyFromFile: flags.pubkey !== undefined } : {}),
    ...(keyFile ? { publicKeyBytes: keyFile.bytes } : {}),
    ...(allowedSignersText !== undefined ? { allowedSignersText } : {}),
    ...(flags.namespace !== undefined ? { namespace: flags.namespace } : {}),
    trusted,
    // The digest a person compares by hand costs a second hash: only when it is printed.
    sha256: flags.json === true,
  });
  if (problem && result.verdict === 'unknown-signer')
    result = { ...result, reason: `${result.reason} (${problem})` };
  process.stdout.write(flags.json ? `${JSON.stringify(result)}\n` : presentVerdict(result));
  return exitCodeFor(result.verdict);
}
