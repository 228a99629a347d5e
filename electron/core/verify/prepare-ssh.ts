import { type AllowedSigner, findAllowedSigner } from '../formats/sshsig/allowed-signers';
import { sshFingerprint } from '../formats/sshsig/fingerprint';
import type { SshSignature } from '../formats/sshsig/signature';
import { verifySshSignature } from '../formats/sshsig/verify';
import { type PreparedSignature, type SignatureCheck, validSignedBy } from './signature-check';
import { findKeyByPublicKey, type SignerSources } from './signer-lookup';
import { unknownSignerReason } from './unknown-signer-reason';

export interface SshPolicy {
  /** From --allowed-signers: when given, it is the trust list for SSH signatures. */
  allowedSigners?: AllowedSigner[];
  namespace: string;
  now?: Date;
}

const ALLOWED_SIGNER_PROBLEMS: Record<string, string> = {
  'not-listed': 'is not in the allowed signers file you gave',
  'namespace-not-allowed': 'is in the allowed signers file, but not allowed to sign for this purpose',
  expired: 'is in the allowed signers file, but its permission had expired',
  'not-yet-valid': 'is in the allowed signers file, but its permission had not started yet',
};

export function prepareSsh(
  sig: SshSignature,
  sources: SignerSources,
  policy: SshPolicy,
  what: string,
): PreparedSignature {
  const keyId = sshFingerprint(sig.publicKey);
  const algorithm = `Ed25519 over a ${sig.hashAlgorithm.toUpperCase()} hash (OpenSSH signature)`;
  return {
    format: 'ssh',
    needs: { digests: [sig.hashAlgorithm], wholeMessage: false },
    check({ digests }): SignatureCheck {
      const base = { format: 'ssh', algorithm, keyId } as const;
      const digest = digests[sig.hashAlgorithm];
      if (!digest) throw new Error('ssh check needs the message digest');
      // The maths first: a broken signature is "changed" whoever claims to have made it.
      const result = verifySshSignature(sig, digest, policy.namespace);
      if (!result.ok) {
        const reason =
          result.problem === 'wrong-namespace'
            ? `This signature was made for another purpose (“${sig.namespace}”), not for “${policy.namespace}”, so it does not vouch for this file.`
            : `${what} does not match its signature: its contents changed after it was signed.`;
        return { ...base, outcome: 'invalid', reason };
      }
      if (policy.allowedSigners) {
        const found = findAllowedSigner(
          policy.allowedSigners,
          sig.publicKey,
          policy.namespace,
          policy.now ?? new Date(),
        );
        if (!found.signer) {
          const problem = ALLOWED_SIGNER_PROBLEMS[found.problem ?? 'not-listed'];
          return {
            ...base,
            outcome: 'unknown-signer',
            reason: `The key that signed ${what.toLowerCase()} (${keyId}) ${problem}.`,
          };
        }
        const name = found.signer.principals.join(', ');
        return {
          ...base,
          ...validSignedBy({ signerName: name, managed: false }, what),
        };
      }
      const key = findKeyByPublicKey(sig.publicKey, sources);
      if (!key)
        return { ...base, outcome: 'unknown-signer', reason: unknownSignerReason(keyId, sources, what) };
      return {
        ...base,
        ...validSignedBy(key, what),
      };
    },
  };
}
