import { enums } from 'openpgp';
import { hashLabel } from '../../../../shared/hash-label';
import { formatFingerprint } from './fingerprint';
import type { OpenPgpSignature } from './signature-packet';

const KEY_WORDS: Record<string, string> = {
  rsaEncryptSign: 'RSA',
  rsaSign: 'RSA',
  rsaEncrypt: 'RSA',
  dsa: 'DSA',
  elgamal: 'ElGamal',
  ecdsa: 'ECDSA',
  eddsaLegacy: 'EdDSA (Ed25519)',
  ed25519: 'Ed25519',
  ed448: 'Ed448',
};

/** "OpenPGP Ed25519, SHA-256": for the details panel. */
export function algorithmWords(sig: OpenPgpSignature, keyInfo?: { bits?: number; curve?: string }): string {
  let name = 'an unknown method';
  try {
    name = KEY_WORDS[enums.read(enums.publicKey, sig.publicKeyAlgorithm) as string] ?? name;
  } catch {
    // Unknown algorithm ids keep the default words.
  }
  const size = keyInfo?.bits
    ? ` ${keyInfo.bits}-bit`
    : keyInfo?.curve && name === 'ECDSA'
      ? ` ${keyInfo.curve}`
      : '';
  const hash = sig.hash ? hashLabel(sig.hash) : 'a hash Signet does not read';
  return `OpenPGP ${name}${size}, ${hash}${sig.textMode ? ' (text)' : ''}`;
}

/**
 * What the signature says about its key, for a "Key ID" row: the issuer fingerprint if it carries
 * one, else the key id, in groups of four. No noun: the row's label says what it is.
 */
export function issuerWords(sig: OpenPgpSignature): string | undefined {
  if (sig.issuerFingerprint) return formatFingerprint(sig.issuerFingerprint);
  if (sig.issuerKeyId) return formatFingerprint(sig.issuerKeyId);
  return undefined;
}

/** The same inside a sentence: "OpenPGP key 1234 …", "OpenPGP key with ID 1234 …", "an unnamed OpenPGP key". */
export function issuerPhrase(sig: OpenPgpSignature): string {
  if (sig.issuerFingerprint) return `OpenPGP key ${formatFingerprint(sig.issuerFingerprint)}`;
  if (sig.issuerKeyId) return `the OpenPGP key with ID ${formatFingerprint(sig.issuerKeyId)}`;
  return 'an OpenPGP key the signature does not name';
}

/** "The file" → "the file", to use the context's subject inside a sentence. */
export function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
