import type { WordSummer } from './word-sum-simd';

/**
 * The PE checksum (the optional header's CheckSum, as imagehlp's CheckSumMappedFile computes it):
 * 16-bit little-endian words summed with end-around carry, then the file's length added. Fed in
 * chunks at any offsets, so a file streamed through a copy is summed on the way.
 */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/**
 * Words per block of the fast path: each of its four int32 sums adds at most 2^14 words of 16 bits,
 * which stays below 2^31, so the inner loop never leaves V8's integer arithmetic (summing 32-bit words
 * as doubles, as this did before, was three times slower: ~150 ms against ~50 ms per 200 MB).
 */
const BLOCK = 1 << 16;

export class PeChecksum {
  #sum = 0;
  readonly #summer: WordSummer | undefined;

  /** With `summer`, bytes that lie in its memory are summed there (word-sum-simd.ts). */
  constructor(summer?: WordSummer) {
    this.#summer = summer;
  }

  /** `bytes` sit at `position` in the file; the checksum field itself must be fed as zeros. */
  update(bytes: Uint8Array, position: number): void {
    let i = 0;
    let sum = this.#sum;
    if (position % 2 === 1 && bytes.length > 0) {
      sum += bytes[0]! << 8;
      i = 1;
    }
    if (this.#summer && bytes.buffer === this.#summer.memory) {
      const bulk = this.#summer.sum(bytes.byteOffset + i, bytes.length - i);
      sum += bulk.total;
      i += bulk.bytes;
    }
    if (LITTLE_ENDIAN && (bytes.byteOffset + i) % 2 === 0) {
      const count = (bytes.length - i) >>> 1;
      const words = new Uint16Array(bytes.buffer, bytes.byteOffset + i, count);
      for (let start = 0; start < count; start += BLOCK) {
        const end = Math.min(count, start + BLOCK);
        let a = 0;
        let b = 0;
        let c = 0;
        let d = 0;
        let w = start;
        for (; w + 4 <= end; w += 4) {
          a = (a + words[w]!) | 0;
          b = (b + words[w + 1]!) | 0;
          c = (c + words[w + 2]!) | 0;
          d = (d + words[w + 3]!) | 0;
        }
        for (; w < end; w++) a = (a + words[w]!) | 0;
        sum += a + b + c + d;
        // 65536 ≡ 1 (mod 65535): reduced, the sum stays exact; a non-zero sum stays non-zero.
        if (sum > 2 ** 40) sum = (sum % 65535) + 65535;
      }
      i += count * 2;
    }
    const end = bytes.length - ((bytes.length - i) % 2);
    for (; i < end; i += 2) sum += bytes[i]! | (bytes[i + 1]! << 8);
    if (end < bytes.length) sum += bytes[end]!;
    this.#sum = sum > 2 ** 40 ? (sum % 65535) + 65535 : sum;
  }

  value(fileSize: number): number {
    const folded = this.#sum === 0 ? 0 : ((this.#sum - 1) % 65535) + 1;
    return (folded + fileSize) >>> 0;
  }
}
