import type { SignatureFormat } from '../../../shared/verdict';
import type { DigestAlgorithm, Digests } from '../hashing/digest-algorithms';
import { keyPhrase } from './signer-lookup';

/** The answer about a signature alone, before it is tied to an artifact or a list entry. */
export interface SignatureCheck {
  outcome: 'valid' | 'unknown-signer' | 'invalid';
  format: SignatureFormat;
  reason: string;
  keyId?: string;
  signerName?: string;
  signerManaged?: boolean;
  trustedComment?: string;
  signedAt?: string;
  algorithm: string;
}

/** What a parsed signature needs from the content before it can be checked. */
export interface PreparedSignature {
  format: SignatureFormat;
  /** Digests of the signed content; 'bytes' when the whole message is signed. */
  needs: { digests: DigestAlgorithm[]; wholeMessage: boolean };
  check(signed: { digests: Digests; message?: Uint8Array }): SignatureCheck;
}

/** The verdict a signature check alone gives. */
export function verdictOf(check: SignatureCheck): 'verified' | 'tampered' | 'unknown-signer' {
  return check.outcome === 'valid' ? 'verified' : check.outcome === 'invalid' ? 'tampered' : 'unknown-signer';
}

/** The details of a check that may be shown; the signed comment and time only once everything checked out. */
export function signatureDetails(check: SignatureCheck) {
  const valid = check.outcome === 'valid';
  return {
    format: check.format,
    algorithm: check.algorithm,
    ...(check.keyId ? { keyId: check.keyId } : {}),
    ...(check.signerName ? { signerName: check.signerName } : {}),
    ...(check.signerManaged !== undefined ? { signerManaged: check.signerManaged } : {}),
    ...(valid && check.trustedComment !== undefined ? { trustedComment: check.trustedComment } : {}),
    ...(valid && check.signedAt ? { signedAt: check.signedAt } : {}),
  };
}

/** The part of a valid check that says who signed it: always a name the user's own lists gave. */
export function validSignedBy(signer: { signerName: string; managed: boolean }, what: string) {
  return {
    outcome: 'valid' as const,
    reason: `${what} matches its signature, made with ${keyPhrase(signer.signerName)}.`,
    signerName: signer.signerName,
    signerManaged: signer.managed,
  };
}
