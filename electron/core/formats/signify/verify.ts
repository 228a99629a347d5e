import { ed25519Verify } from '../../crypto/ed25519';
import type { SignifySignature } from './signature';

export type SignifyCheck = { ok: true } | { ok: false; problem: 'key-mismatch' | 'bad-signature' };

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}

/**
 * A keynum mismatch means "signed by another key", which is a different answer from "changed":
 * check it first, as signify does. The signature covers the whole message, no prehash.
 */
export function verifySignify(
  sig: SignifySignature,
  key: { keyNum: Uint8Array; publicKey: Uint8Array },
  message: Uint8Array,
): SignifyCheck {
  if (!sameBytes(sig.keyNum, key.keyNum)) return { ok: false, problem: 'key-mismatch' };
  if (!ed25519Verify(sig.signature, message, key.publicKey)) return { ok: false, problem: 'bad-signature' };
  return { ok: true };
}
