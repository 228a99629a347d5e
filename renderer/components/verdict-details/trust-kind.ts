/** Key ids compare without the spaces a fingerprint is shown with. */
export const sameKeyId = (a: string, b: string) => a.replace(/\s+/g, '') === b.replace(/\s+/g, '');

/** A signer already in the trust list (a revoked or expired key): trusting it again changes nothing. */
export function isTrustedKey(keyId: string | undefined, trustedIds: readonly string[]): boolean {
  return keyId !== undefined && trustedIds.some((id) => sameKeyId(id, keyId));
}
