import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PeChecksum } from '../../electron/core/formats/authenticode/pe-checksum';

/** The checksum as imagehlp defines it, one 16-bit word at a time with end-around carry. */
function wordByWord(file: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < file.length; i += 2) {
    sum += file[i]! | ((file[i + 1] ?? 0) << 8);
    sum = (sum & 0xffff) + (sum >>> 16);
  }
  return (sum + file.length) >>> 0;
}

/** Feeds `file` in pieces cut at `cuts`, each piece copied to a buffer at `shift` bytes in (odd or even). */
function pieceByPiece(file: Uint8Array, cuts: number[], shift: number): number {
  const checksum = new PeChecksum();
  let from = 0;
  for (const to of [...cuts, file.length]) {
    const holder = new Uint8Array(to - from + shift);
    holder.set(file.subarray(from, to), shift);
    checksum.update(holder.subarray(shift), from);
    from = to;
  }
  return checksum.value(file.length);
}

describe('PE checksum', () => {
  const size = 3 * 65536 * 2 + 13;
  const files: [string, Uint8Array][] = [
    ['random bytes', new Uint8Array(randomBytes(size))],
    // Every word 0xffff: the largest sums the blocks' integer sums must hold, and a multiple of 65535.
    ['all 0xff', new Uint8Array(size - 13).fill(0xff)],
    ['zeros', new Uint8Array(size)],
  ];
  for (const [name, file] of files) {
    it(`matches the word-by-word sum for ${name}, whatever the pieces and their alignment`, () => {
      const expected = wordByWord(file);
      expect(pieceByPiece(file, [], 0)).toBe(expected);
      for (const shift of [0, 1, 2, 3]) {
        expect(pieceByPiece(file, [1, 4, 7, 131072, 131073, 300001], shift)).toBe(expected);
        expect(pieceByPiece(file, [65536 * 2 + 1, 65536 * 4], shift)).toBe(expected);
      }
    });
  }
});
