import { createHash, hash as oneShotHash } from 'node:crypto';

type KdfHash = 'sha1' | 'sha256' | 'sha384' | 'sha512';
const BLOCK: Record<KdfHash, number> = { sha1: 64, sha256: 64, sha384: 128, sha512: 128 };

/** The password as PKCS#12's own KDF takes it: BMPString (UTF-16BE) with a closing zero. */
export function bmpPassword(password: string): Uint8Array {
  const out = new Uint8Array((password.length + 1) * 2);
  for (let i = 0; i < password.length; i++) {
    out[2 * i] = password.charCodeAt(i) >>> 8;
    out[2 * i + 1] = password.charCodeAt(i) & 0xff;
  }
  return out;
}

/**
 * RFC 7292 appendix B.2: the key (id 1), IV (id 2) or MAC key (id 3) a PKCS#12 file's legacy
 * encryption and its integrity MAC use.
 */
export function pkcs12Kdf(
  hash: KdfHash,
  password: Uint8Array,
  salt: Uint8Array,
  id: 1 | 2 | 3,
  iterations: number,
  length: number,
): Uint8Array {
  const v = BLOCK[hash];
  const fill = (bytes: Uint8Array) => {
    const out = new Uint8Array(v * Math.ceil(bytes.length / v));
    for (let i = 0; i < out.length; i++) out[i] = bytes[i % bytes.length]!;
    return out;
  };
  const I = new Uint8Array([...fill(salt), ...fill(password)]);
  const D = new Uint8Array(v).fill(id);
  const out = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    let A: Uint8Array = createHash(hash).update(D).update(I).digest();
    // crypto.hash, not createHash: a Hash object per round costs ~6x more, and a MAC key is
    // thousands of rounds (2048 by default) on the way to opening the key, before the copy starts.
    for (let r = 1; r < iterations; r++) A = oneShotHash(hash, A, 'buffer');
    out.set(A.subarray(0, Math.min(A.length, length - done)), done);
    done += A.length;
    if (done >= length) break;
    const B = new Uint8Array(v);
    for (let i = 0; i < v; i++) B[i] = A[i % A.length]!;
    for (let block = 0; block < I.length; block += v) {
      let carry = 1;
      for (let i = v - 1; i >= 0; i--) {
        const sum = I[block + i]! + B[i]! + carry;
        I[block + i] = sum & 0xff;
        carry = sum >>> 8;
      }
    }
  }
  return out;
}
