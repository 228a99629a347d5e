import {
  type AllowedSigner,
  parseAllowedSignersFile,
} from '../../electron/core/formats/sshsig/allowed-signers';
import { matchSshPatternList } from '../../electron/core/formats/sshsig/pattern';

/**
 * Lookups in an allowed_signers file as `ssh-keygen -Y verify` and `find-principals` make them:
 * the oracle side of the interop tests. Signet itself turns each line into a trust entry instead.
 */
export type AllowedSignerProblem = 'not-listed' | 'namespace-not-allowed' | 'expired' | 'not-yet-valid';

/** The Ed25519 signers of an allowed_signers file (see parseAllowedSignersFile). */
export function parseAllowedSigners(text: string): AllowedSigner[] {
  return parseAllowedSignersFile(text).signers;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}

/** True when `principal` matches one of the signer's principal patterns (as ssh-keygen -Y verify -I does). */
export function signerHasPrincipal(signer: AllowedSigner, principal: string): boolean {
  return matchSshPatternList(principal, signer.principals);
}

/**
 * Finds the line that lets `publicKey` sign in `namespace` at time `at`, checking like
 * `ssh-keygen -Y verify`: key, then namespaces, then valid-after and valid-before (both inclusive,
 * to the second). When lines list the key but none allows it, the first such line's problem is
 * reported.
 */
export function findAllowedSigner(
  list: readonly AllowedSigner[],
  publicKey: Uint8Array,
  namespace: string,
  at: Date,
): { signer?: AllowedSigner; problem?: AllowedSignerProblem } {
  const seconds = Math.floor(at.getTime() / 1000);
  let problem: AllowedSignerProblem | undefined;
  for (const signer of list) {
    if (signer.certAuthority || !sameBytes(signer.publicKey, publicKey)) continue;
    if (signer.namespaces && !matchSshPatternList(namespace, signer.namespaces)) {
      problem ??= 'namespace-not-allowed';
    } else if (signer.validAfter && seconds < Math.floor(signer.validAfter.getTime() / 1000)) {
      problem ??= 'not-yet-valid';
    } else if (signer.validBefore && seconds > Math.floor(signer.validBefore.getTime() / 1000)) {
      problem ??= 'expired';
    } else {
      return { signer };
    }
  }
  return { problem: problem ?? 'not-listed' };
}
