import type { SignerSources } from './signer-lookup';

export function unknownSignerReason(keyId: string, sources: SignerSources, what = 'The file'): string {
  if (sources.given) {
    return `${what} was signed with key ${keyId}, not with the public key you gave (${sources.given.keyId}).`;
  }
  return `${what} was signed with key ${keyId}, which is not one of your trusted signers.`;
}
