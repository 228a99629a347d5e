import { createPublicKey, type KeyObject } from 'node:crypto';
import type { TransparencyLogEntry } from '@sigstore/bundle';

/**
 * The public keys hashedrekord entries recorded beside the signature (Rekor v1 0.0.1: a PEM; Rekor
 * v2 0.0.2: DER). Meaningful only once the log entry itself has been verified.
 */
function loggedKeys(entries: readonly TransparencyLogEntry[]): KeyObject[] {
  const keys: KeyObject[] = [];
  for (const entry of entries) {
    try {
      const body = JSON.parse(Buffer.from(entry.canonicalizedBody).toString('utf8'));
      const pem = body?.spec?.signature?.publicKey?.content;
      const der = body?.spec?.hashedRekordV002?.signature?.verifier?.publicKey?.rawBytes;
      if (typeof pem === 'string') keys.push(createPublicKey(Buffer.from(pem, 'base64').toString('utf8')));
      else if (typeof der === 'string') {
        keys.push(createPublicKey({ key: Buffer.from(der, 'base64'), format: 'der', type: 'spki' }));
      }
    } catch {
      // An entry whose key cannot be read says nothing about which key signed.
    }
  }
  return keys;
}

/**
 * True when the log recorded a signing key and it is not the key the person gave: the signature
 * failed because it is someone else's, not because the file changed.
 */
export function loggedKeyIsAnother(entries: readonly TransparencyLogEntry[], given: KeyObject): boolean {
  const logged = loggedKeys(entries);
  return logged.length > 0 && !logged.some((key) => key.equals(given));
}
