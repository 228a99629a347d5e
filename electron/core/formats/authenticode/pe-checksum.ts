/**
 * The PE checksum (the optional header's CheckSum, as imagehlp's CheckSumMappedFile computes it):
 * 16-bit little-endian words summed with end-around carry, then the file's length added. Fed in
 * chunks at any offsets, so a file streamed through a copy is summed on the way.
 */
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
