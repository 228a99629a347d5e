import { FormatError } from '../errors';
import { parseAllowedSigners } from '../formats/sshsig/allowed-signers';
import type { DigestOptions } from '../hashing/digest-algorithms';
import { digestFileFastest } from '../hashing/digest-file-fastest';
import type { DigestFn } from '../hashing/digest-fn';
import { parseSignerKey } from '../trust/parse-signer-key';
import type { TrustedSigner } from '../trust/trust-store';
import type { SshPolicy } from './prepare-ssh';
import type { SignerSources } from './signer-lookup';

export interface VerifyOptions extends DigestOptions {
  /** Use this signature (or signed list) instead of looking beside the file. */
  signatureFile?: string;
  /** A public key given for this check alone (minisign/signify .pub text, bare base64, ssh-ed25519 line). */
  publicKeyText?: string;
  /** An OpenSSH allowed_signers file's text. */
  allowedSignersText?: string;
  /** OpenSSH signature namespace; ssh-keygen uses "file" for files. */
  namespace?: string;
  trusted?: readonly TrustedSigner[];
  /** Also compute the artifact's SHA-256 for display (default true). */
  sha256?: boolean;
  /** How files are hashed; the app passes a worker-backed one so its main thread never blocks. */
  digest?: DigestFn;
}

export interface VerifyContext {
  sources: SignerSources;
  ssh: SshPolicy;
  wantSha256: boolean;
  digest: DigestFn;
  progress: DigestOptions;
}

export function buildVerifyContext(options: VerifyOptions): VerifyContext {
  let given: SignerSources['given'];
  if (options.publicKeyText !== undefined) {
    try {
      given = parseSignerKey(options.publicKeyText);
    } catch (error) {
      throw new FormatError(`The public key you gave cannot be read: ${(error as Error).message}`);
    }
  }
  // The parser's own message names the allowed signers line at fault.
  const allowedSigners =
    options.allowedSignersText !== undefined ? parseAllowedSigners(options.allowedSignersText) : undefined;
  return {
    sources: { ...(given ? { given } : {}), trusted: options.trusted ?? [] },
    ssh: { ...(allowedSigners ? { allowedSigners } : {}), namespace: options.namespace ?? 'file' },
    wantSha256: options.sha256 ?? true,
    // Several digests of a large file run in parallel workers; one digest stays on this thread.
    digest: options.digest ?? digestFileFastest,
    progress: {
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    },
  };
}
