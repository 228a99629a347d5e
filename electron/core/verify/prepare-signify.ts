import type { SignatureFormat } from '../../../shared/verdict';
import { keyIdFromKeyNum } from '../formats/minisign/key-id';
import type { SignifySignature } from '../formats/signify/signature';
import { verifySignify } from '../formats/signify/verify';
import { type PreparedSignature, type SignatureCheck, validSignedBy } from './signature-check';
import { findKeyByKeyNum, type SignerSources } from './signer-lookup';
import { unknownSignerReason } from './unknown-signer-reason';

export function prepareSignify(
  sig: SignifySignature,
  sources: SignerSources,
  what: string,
  format: SignatureFormat = 'signify',
): PreparedSignature {
  const algorithm = 'Ed25519 over the whole file (signify)';
  const keyId = keyIdFromKeyNum(sig.keyNum);
  return {
    format,
    needs: { digests: [], wholeMessage: true },
    check({ message }): SignatureCheck {
      const base = { format, algorithm, keyId } as const;
      const key = findKeyByKeyNum(sig.keyNum, sources);
      if (!key)
        return { ...base, outcome: 'unknown-signer', reason: unknownSignerReason(keyId, sources, what) };
      if (!message) throw new Error('signify check needs the whole message');
      const result = verifySignify(sig, { keyNum: sig.keyNum, publicKey: key.publicKey }, message);
      if (result.ok) {
        return {
          ...base,
          ...validSignedBy(key, what),
        };
      }
      if (result.problem === 'key-mismatch') {
        return { ...base, outcome: 'unknown-signer', reason: unknownSignerReason(keyId, sources, what) };
      }
      return {
        ...base,
        outcome: 'invalid',
        reason: `${what} does not match its signature: its contents changed after it was signed.`,
      };
    },
  };
}
