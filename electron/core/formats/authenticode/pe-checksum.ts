/**
 * The PE checksum (the optional header's CheckSum, as imagehlp's CheckSumMappedFile computes it):
 * 16-bit little-endian words summed with end-around carry, then the file's length added. Fed in
 * chunks at any offsets, so a file streamed through a copy is summed on the way.
 */
const BLOCK = 1 << 20;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export class PeChecksum {
  #sum = 0;

  /** `bytes` sit at `position` in the file; the checksum field itself must be fed as zeros. */
  update(bytes: Uint8Array, position: number): void {
    let i = 0;
    let sum = this.#sum;
    if (position % 2 === 1 && bytes.length > 0) {
      sum += bytes[0]! << 8;
      i = 1;
    }
    // Fast path: a little-endian 32-bit word is two 16-bit words, and 65536 ≡ 1 (mod 65535), so
    // summing 32-bit words gives the same sum modulo 65535 in half the steps.
    if (LITTLE_ENDIAN && (bytes.byteOffset + i) % 4 === 0) {
      const count = Math.floor((bytes.length - i) / 4);
      const words = new Uint32Array(bytes.buffer, bytes.byteOffset + i, count);
      // Four sums of at most 2^20 words each stay exact below 2^53; a non-zero sum stays non-zero.
      for (let start = 0; start < count; start += BLOCK) {
        const end = Math.min(count, start + BLOCK);
        let a = 0;
        let b = 0;
        let c = 0;
        let d = 0;
        let w = start;
        for (; w + 4 <= end; w += 4) {
          a += words[w]!;
          b += words[w + 1]!;
          c += words[w + 2]!;
          d += words[w + 3]!;
        }
        for (; w < end; w++) a += words[w]!;
        sum = ((sum + a + b + c + d) % 65535) + 65535;
      }
      i += count * 4;
    }
    const end = bytes.length - ((bytes.length - i) % 2);
    for (; i < end; i += 2) sum += bytes[i]! | (bytes[i + 1]! << 8);
    if (end < bytes.length) sum += bytes[end]!;
    // Keep the sum small enough to stay exact; 65536 ≡ 1 modulo 65535.
    this.#sum = sum > 2 ** 40 ? (sum % 65535) + 65535 : sum;
  }

  value(fileSize: number): number {
    const folded = this.#sum === 0 ? 0 : ((this.#sum - 1) % 65535) + 1;
    return (folded + fileSize) >>> 0;
  }
}
