import { createHash } from 'node:crypto';
import { ed25519Verify } from '../../crypto/ed25519';
import { concatBytes } from '../../encoding/bytes';
import { SignetError } from '../../errors';
import { SSHSIG_MAGIC, type SshHashAlgorithm, type SshSignature } from './signature';
import { sshString } from './ssh-buffer';

export type SshSignatureCheck = { ok: true } | { ok: false; problem: 'wrong-namespace' | 'bad-signature' };

const DIGEST_LENGTH: Record<SshHashAlgorithm, number> = { sha256: 32, sha512: 64 };

/** H(message) as the signature needs it; for big files use digestFile with sig.hashAlgorithm instead. */
export function sshMessageDigest(hashAlgorithm: SshHashAlgorithm, message: Uint8Array): Buffer {
  return createHash(hashAlgorithm).update(message).digest();
}

/**
 * What the key actually signed: "SSHSIG" | string namespace | string reserved | string hash_alg |
 * string H(message). OpenSSH always puts an empty reserved string here, whatever the blob's
 * reserved field holds, so we do the same to accept exactly what `ssh-keygen -Y verify` accepts.
 */
export function sshSignedData(
  namespace: string,
  hashAlgorithm: SshHashAlgorithm,
  digest: Uint8Array,
): Uint8Array {
  return concatBytes(
    new TextEncoder().encode(SSHSIG_MAGIC),
    sshString(namespace),
    sshString(new Uint8Array(0)),
    sshString(hashAlgorithm),
    sshString(digest),
  );
}

/**
 * The namespace is checked first and on its own: a valid signature made for another purpose (say
 * "email") must not pass as a signature on a file.
 */
export function verifySshSignature(
  sig: SshSignature,
  messageDigest: Uint8Array,
  expectedNamespace: string,
): SshSignatureCheck {
  if (messageDigest.length !== DIGEST_LENGTH[sig.hashAlgorithm]) {
    throw new SignetError(
      'usage',
      `The file digest has ${messageDigest.length} bytes but a ${sig.hashAlgorithm} digest has ${DIGEST_LENGTH[sig.hashAlgorithm]}.`,
    );
  }
  if (sig.namespace !== expectedNamespace) return { ok: false, problem: 'wrong-namespace' };
  const signedData = sshSignedData(sig.namespace, sig.hashAlgorithm, messageDigest);
  if (!ed25519Verify(sig.signature, signedData, sig.publicKey))
    return { ok: false, problem: 'bad-signature' };
  return { ok: true };
}
