import { TAG } from './packets';

const ARMORED_KEY = /(?:^|\n)[ \t]*-----BEGIN PGP (?:PUBLIC|PRIVATE) KEY BLOCK-----/;

/**
 * Whether key text or bytes are an OpenPGP certificate (armored or binary; a secret key too, so
 * it is refused with its own sentence). Cheap, never throws: the first bytes decide which reader runs.
 */
export function looksLikeOpenPgpKey(input: string | Uint8Array): boolean {
  const bytes = typeof input === 'string' ? undefined : input;
  const first = bytes ? bytes[0] : undefined;
  if (first !== undefined && first & 0x80) {
    const tag = first & 0x40 ? first & 0x3f : (first >> 2) & 0x0f;
    return tag === TAG.publicKey || tag === TAG.secretKey;
  }
  const text = typeof input === 'string' ? input : Buffer.from(input.subarray(0, 4096)).toString('latin1');
  return ARMORED_KEY.test(text.slice(0, 4096));
}
