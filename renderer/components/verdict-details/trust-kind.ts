import type { VerifyResult } from '../../../shared/verdict';

/**
 * What "Trust this …" on an unknown-signer card would add, from the verdict main gave: a publisher
 * (Authenticode, pinned by the certificate main saw), an identity (Sigstore, as the certificate
 * states it), or an OpenPGP certificate the person supplies. Undefined: raw keys keep the Trusted
 * signers form.
 */
export type VerdictTrustKind = 'publisher' | 'identity' | 'certificate';

const OPENPGP_KEY = /^(?:key ID )?(?:[0-9A-F]{4} ){3,15}[0-9A-F]{4}$/;

/** Key ids compare without the spaces a fingerprint is shown with. */
export const sameKeyId = (a: string, b: string) => a.replace(/\s+/g, '') === b.replace(/\s+/g, '');

/** A signer already in the trust list (a revoked or expired key): trusting it again changes nothing. */
export function isTrustedKey(keyId: string | undefined, trustedIds: readonly string[]): boolean {
  return keyId !== undefined && trustedIds.some((id) => sameKeyId(id, keyId));
}

export function verdictTrustKind(result: VerifyResult): VerdictTrustKind | undefined {
  if (result.verdict !== 'unknown-signer') return undefined;
  const format = result.format ?? '';
  if (format.startsWith('authenticode')) return result.keyId ? 'publisher' : undefined;
  if (format.startsWith('sigstore')) {
    const stated = result.details?.some((d) => d.label === 'Identity (as the certificate states it)');
    return stated ? 'identity' : undefined;
  }
  if (format.startsWith('openpgp') || (result.keyId !== undefined && OPENPGP_KEY.test(result.keyId)))
    return 'certificate';
  return undefined;
}
