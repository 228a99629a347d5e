import { exitCodeFor, type VerifyResult } from '../../../shared/verdict';
import { KEYRING_FILE_MAX_BYTES } from '../../core/limits';
import { verifyArtifact } from '../../core/verify/verify-artifact';
import { CliExit } from '../cli-error';
import { presentJson, presentVerdict } from '../present-verdict';
import { readText, readTextAndBytes } from '../read-text';
import { loadTrustMaterial } from './load-trust';
import { isPemPublicKey, type SigstoreFlags, sigstoreVerifyOptions } from './sigstore-options';

export interface VerifyFlags extends SigstoreFlags {
  sig?: string;
  /** cosign's name for --sig with a Sigstore bundle. */
  bundle?: string;
  pubkey?: string;
  pubkeyString?: string;
  allowedSigners?: string;
  namespace?: string;
  caRoots?: string;
  json?: boolean;
}

export async function verifyCommand(file: string, flags: VerifyFlags): Promise<number> {
  const keySources = [flags.pubkey, flags.pubkeyString, flags.allowedSigners].filter((x) => x !== undefined);
  if (keySources.length > 1)
    throw new CliExit(2, 'Give only one of --pubkey, --pubkey-string and --allowed-signers.');
  if (flags.namespace !== undefined && flags.allowedSigners === undefined) {
    throw new CliExit(2, '--namespace goes with --allowed-signers.');
  }
  if (flags.sig !== undefined && flags.bundle !== undefined)
    throw new CliExit(2, 'Give only one of --sig and --bundle.');
  const signatureFile = flags.sig ?? flags.bundle;
  let keyFile =
    flags.pubkey !== undefined
      ? await readTextAndBytes(flags.pubkey, 'public key', KEYRING_FILE_MAX_BYTES)
      : undefined;
  let publicKeyText = keyFile ? keyFile.text : flags.pubkeyString;
  // A PEM public key is a managed Sigstore key (cosign's --key): it goes to the bundle check as material.
  const pem =
    flags.pubkey !== undefined && publicKeyText !== undefined && isPemPublicKey(publicKeyText)
      ? { text: publicKeyText, path: flags.pubkey }
      : undefined;
  if (pem) {
    publicKeyText = undefined;
    keyFile = undefined;
  }
  const allowedSignersText =
    flags.allowedSigners !== undefined
      ? await readText(flags.allowedSigners, 'allowed signers file')
      : undefined;
  const material = await loadTrustMaterial(file, {
    useTrustList: keySources.length === 0,
    caRootsFile: flags.caRoots,
  });
  const sigstore = await sigstoreVerifyOptions(flags, pem, async () => material.trusted);
  let result: VerifyResult = await verifyArtifact(file, {
    ...sigstore,
    ...(signatureFile !== undefined ? { signatureFile } : {}),
    ...(publicKeyText !== undefined ? { publicKeyText, publicKeyFromFile: flags.pubkey !== undefined } : {}),
    ...(keyFile ? { publicKeyBytes: keyFile.bytes } : {}),
    ...(allowedSignersText !== undefined ? { allowedSignersText } : {}),
    ...(flags.namespace !== undefined ? { namespace: flags.namespace } : {}),
    ...material.options,
    // The digest a person compares by hand costs a second hash: only when it is printed.
    sha256: flags.json === true,
  });
  result = material.tell(result);
  process.stdout.write(flags.json ? presentJson(result) : presentVerdict(result));
  return exitCodeFor(result.verdict);
}
