import { keyIdFromKeyNum } from '../formats/minisign/key-id';
import { type MinisignSignature, verifyMinisignSignature } from '../formats/minisign/signature';
import { type PreparedSignature, type SignatureCheck, validSignedBy } from './signature-check';
import { findKeyByKeyNum, type SignerSources } from './signer-lookup';
import { signedAtFromTrustedComment } from './trusted-comment';
import { unknownSignerReason } from './unknown-signer-reason';

export function prepareMinisign(
  sig: MinisignSignature,
  sources: SignerSources,
  what: string,
): PreparedSignature {
  const hashed = sig.algorithm === 'ED';
  const format = hashed ? 'minisign' : 'minisign-legacy';
  const algorithm = hashed
    ? 'Ed25519 over a BLAKE2b-512 hash (minisign)'
    : 'Ed25519 over the whole file (minisign legacy)';
  const keyId = keyIdFromKeyNum(sig.keyNum);
  return {
    format,
    needs: { digests: hashed ? ['blake2b512'] : [], wholeMessage: !hashed },
    check({ digests, message }): SignatureCheck {
      const base = { format, algorithm, keyId } as const;
      const key = findKeyByKeyNum(sig.keyNum, sources);
      if (!key)
        return { ...base, outcome: 'unknown-signer', reason: unknownSignerReason(keyId, sources, what) };
      const result = verifyMinisignSignature(
        sig,
        { keyNum: sig.keyNum, publicKey: key.publicKey },
        {
          ...(digests.blake2b512 ? { blake2b512: new Uint8Array(digests.blake2b512) } : {}),
          ...(message ? { message } : {}),
        },
      );
      if (result.ok) {
        const signedAt = signedAtFromTrustedComment(sig.trustedComment);
        return {
          ...base,
          ...validSignedBy(key, what),
          trustedComment: sig.trustedComment,
          ...(signedAt ? { signedAt } : {}),
        };
      }
      const reason =
        result.problem === 'bad-global-signature'
          ? 'The signed comment in the signature was changed after signing.'
          : result.problem === 'key-mismatch'
            ? unknownSignerReason(keyId, sources, what)
            : `${what} does not match its signature: its contents changed after it was signed.`;
      return { ...base, outcome: result.problem === 'key-mismatch' ? 'unknown-signer' : 'invalid', reason };
    },
  };
}
