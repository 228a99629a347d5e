import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PeChecksum } from '../../electron/core/formats/authenticode/pe-checksum';
import { simdWordSummer, type WordSummer } from '../../electron/core/formats/authenticode/word-sum-simd';

/** The checksum as imagehlp defines it, one 16-bit word at a time with end-around carry. */
function wordByWord(file: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < file.length; i += 2) {
    sum += file[i]! | ((file[i + 1] ?? 0) << 8);
    sum = (sum & 0xffff) + (sum >>> 16);
  }
  return (sum + file.length) >>> 0;
}

/**
 * Feeds `file` in pieces cut at `cuts`, each piece copied to a buffer at `shift` bytes in (odd or
 * even); with `summer`, that buffer is the summer's memory, where the pieces are summed by SIMD.
 */
function pieceByPiece(file: Uint8Array, cuts: number[], shift: number, summer?: WordSummer): number {
  const checksum = new PeChecksum(summer);
  let from = 0;
  for (const to of [...cuts, file.length]) {
    const holder = summer ? new Uint8Array(summer.memory) : new Uint8Array(to - from + shift);
    holder.set(file.subarray(from, to), shift);
    checksum.update(holder.subarray(shift, shift + to - from), from);
    from = to;
  }
  return checksum.value(file.length);
}

// Node 20 has WebAssembly SIMD and shared memories: the fast path must be there to be tested.
const summer = simdWordSummer(1024 * 1024)!;

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

    it(`sums ${name} the same with SIMD in a WebAssembly memory, whatever the pieces and alignment`, () => {
      expect(summer).toBeDefined();
      const expected = wordByWord(file);
      for (const shift of [0, 1, 2, 3, 63]) {
        expect(pieceByPiece(file, [], shift, summer)).toBe(expected);
        expect(pieceByPiece(file, [1, 4, 7, 64, 129, 131072, 131073, 300001], shift, summer)).toBe(expected);
      }
    });
  }

  it('agrees with the word-by-word sum for any bytes, cuts, alignment and mix of memories', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 3000, size: 'max' }),
        fc.array(fc.nat(3000), { maxLength: 6 }),
        fc.nat(70),
        fc.boolean(),
        (file, cutsAt, shift, inWasm) => {
          const cuts = [...new Set(cutsAt.filter((at) => at < file.length))].sort((a, b) => a - b);
          const expected = wordByWord(file);
          expect(pieceByPiece(file, cuts, shift, inWasm ? summer : undefined)).toBe(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('gives 0xFFFF, not 0, for a sum that is a non-zero multiple of 0xFFFF, and 0 for zeros', () => {
    const ones = new Uint8Array(4096).fill(0xff);
    expect(pieceByPiece(ones, [], 0, summer)).toBe(0xffff + ones.length);
    expect(pieceByPiece(new Uint8Array(4096), [], 0, summer)).toBe(4096);
  });

  it('sums a whole memory of 0xFFFF words without a lane wrapping', () => {
    const memory = new Uint8Array(summer.memory);
    memory.fill(0xff);
    expect(summer.sum(0, memory.length)).toEqual({
      total: (memory.length / 2) * 0xffff,
      bytes: memory.length,
    });
  });

  it('has no summer where WebAssembly is missing (a --jitless run), and sums the same in JavaScript', () => {
    const holder = globalThis as { WebAssembly?: unknown };
    const saved = holder.WebAssembly;
    delete holder.WebAssembly;
    try {
      expect(simdWordSummer(65536)).toBeUndefined();
    } finally {
      holder.WebAssembly = saved;
    }
    const file = new Uint8Array(randomBytes(4099));
    expect(pieceByPiece(file, [1000], 1)).toBe(wordByWord(file));
  });

  it('sums only bytes inside the summer’s memory, and says how many it summed', () => {
    expect(summer.sum(0, 100).bytes).toBe(64);
    expect(() => summer.sum(summer.memory.byteLength - 10, 64)).toThrow(RangeError);
  });
});
