import { bytesEqual } from '../encoding/bytes';
import type { ParsedSignerKey } from '../trust/parse-signer-key';
import type { TrustedSigner } from '../trust/trust-store';

/** A public key we are allowed to believe, and the name a person knows it by. */
export interface KnownKey {
  publicKey: Uint8Array;
  keyNum?: Uint8Array;
  keyId: string;
  signerName: string;
  managed: boolean;
}

export interface SignerSources {
  /** A key given explicitly (CLI --pubkey); it alone is used when present. */
  given?: ParsedSignerKey;
  trusted: readonly TrustedSigner[];
}

function trustedAsKnown(signer: TrustedSigner): KnownKey {
  return {
    publicKey: new Uint8Array(Buffer.from(signer.publicKey, 'base64')),
    ...(signer.keyNum ? { keyNum: new Uint8Array(Buffer.from(signer.keyNum, 'base64')) } : {}),
    keyId: signer.keyId,
    signerName: signer.name,
    managed: signer.source === 'managed',
  };
}

function givenAsKnown(given: ParsedSignerKey, trusted: readonly TrustedSigner[]): KnownKey {
  // A given key that is also trusted keeps its trusted name; otherwise it is named for what it is.
  const match = trusted.find((t) => bytesEqual(trustedAsKnown(t).publicKey, given.publicKey));
  return {
    publicKey: given.publicKey,
    ...(given.keyNum ? { keyNum: given.keyNum } : {}),
    keyId: given.keyId,
    signerName: match?.name ?? givenKeyName(given.keyId),
    managed: match?.source === 'managed',
  };
}

/** minisign/signify name their key by key number only; the signature does not carry the key. */
export function findKeyByKeyNum(keyNum: Uint8Array, sources: SignerSources): KnownKey | undefined {
  const candidates = sources.given
    ? [givenAsKnown(sources.given, sources.trusted)]
    : sources.trusted.filter((t) => t.keyNum).map(trustedAsKnown);
  return candidates.find((k) => k.keyNum && bytesEqual(k.keyNum, keyNum));
}

/** SSH signatures carry their public key, so the lookup is by key bytes. */
export function findKeyByPublicKey(publicKey: Uint8Array, sources: SignerSources): KnownKey | undefined {
  const candidates = sources.given
    ? [givenAsKnown(sources.given, sources.trusted)]
    : sources.trusted.map(trustedAsKnown);
  return candidates.find((k) => bytesEqual(k.publicKey, publicKey));
}

const GIVEN_KEY = 'the public key you gave';
const givenKeyName = (keyId: string) => `${GIVEN_KEY} (${keyId})`;

/** "the key of Acme Releases", or for a key given on the command line, "the public key you gave (ID)". */
export function keyPhrase(signerName: string | undefined): string {
  if (signerName === undefined) return 'an unknown key';
  return signerName.startsWith(GIVEN_KEY) ? signerName : `the key of ${signerName}`;
}
