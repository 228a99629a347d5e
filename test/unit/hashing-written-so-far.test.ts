import { createHash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyPlan } from '../../electron/core/hashing/content-plan';
import { hashAsWrittenInWorker } from '../../electron/core/hashing/read-content-in-worker';
import {
  createWrittenSoFar,
  hashScatteredAsWritten,
  WrittenSoFar,
} from '../../electron/core/hashing/written-so-far';
import { tempDir } from '../helpers/temp-dir';

const bytes = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7 + 3) & 0xff));
const plan = (ranges: [number, number][]) => ({
  ...emptyPlan(),
  scattered: [{ algorithm: 'sha256', prefix: new Uint8Array([9, 9]), ranges }],
});
const expected = (ranges: [number, number][]) => {
  const hash = createHash('sha256').update(new Uint8Array([9, 9]));
  for (const [from, to] of ranges) hash.update(bytes.subarray(from, to));
  return new Uint8Array(hash.digest());
};

async function fileWith(length: number): Promise<number> {
  const fd = openSync(join(await tempDir(), 'out'), 'w+');
  writeSync(fd, bytes, 0, length, 0);
  return fd;
}

describe('hashing a file back as it is written', () => {
  it('hashes the ranges in the order given, out of file order, once they are written', async () => {
    const fd = await fileWith(bytes.length);
    try {
      const shared = createWrittenSoFar();
      const written = new WrittenSoFar(shared);
      written.advance(bytes.length);
      written.finish();
      const ranges: [number, number][] = [
        [4000, 4900],
        [10, 20],
        [1000, 3000],
      ];
      const result = hashScatteredAsWritten(shared, fd, 'out', plan(ranges));
      expect(result.scattered).toEqual([expected(ranges)]);
    } finally {
      closeSync(fd);
    }
  });

  it('on a worker, waits for a range not yet written, then hashes what the file holds', async () => {
    const fd = await fileWith(100);
    const shared = createWrittenSoFar();
    const written = new WrittenSoFar(shared);
    const ranges: [number, number][] = [
      [0, 50],
      [3000, 5000],
    ];
    const hashing = hashAsWrittenInWorker(fd, 'out', plan(ranges), shared);
    try {
      written.advance(100);
      await new Promise((resolve) => setTimeout(resolve, 50));
      // The bytes after 100 are written only now: read before, the digest would differ.
      writeSync(fd, bytes, 100, bytes.length - 100, 100);
      written.advance(bytes.length);
      written.finish();
      expect((await hashing.done).scattered).toEqual([expected(ranges)]);
    } finally {
      await hashing.close();
      closeSync(fd);
    }
  });

  // The writer wakes the reader only once the end it waits for is written: reports short of it
  // must not leave it asleep when the one that reaches it comes (it would wake only after 1 s).
  it('on a worker, wakes as soon as the end it waits for is written, after reports short of it', async () => {
    const fd = await fileWith(100);
    const shared = createWrittenSoFar();
    const written = new WrittenSoFar(shared);
    const ranges: [number, number][] = [[0, 5000]];
    const hashing = hashAsWrittenInWorker(fd, 'out', plan(ranges), shared);
    try {
      await new Promise((resolve) => setTimeout(resolve, 50));
      for (const end of [1000, 2000, 3000, 4000]) {
        writeSync(fd, bytes, end - 900, 900, end - 900);
        written.advance(end);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      writeSync(fd, bytes, 100, bytes.length - 100, 100);
      const reached = performance.now();
      written.advance(bytes.length);
      const result = await hashing.done;
      expect(performance.now() - reached).toBeLessThan(500);
      expect(result.scattered).toEqual([expected(ranges)]);
      written.finish();
    } finally {
      await hashing.close();
      closeSync(fd);
    }
  });

  it('stops when the writer fails, and when the file ends short of a range', async () => {
    const fd = await fileWith(1000);
    try {
      const failed = createWrittenSoFar();
      new WrittenSoFar(failed).fail();
      expect(() => hashScatteredAsWritten(failed, fd, 'out', plan([[0, 2000]]))).toThrow(/stopped/);
      const short = createWrittenSoFar();
      const written = new WrittenSoFar(short);
      written.advance(1000);
      written.finish();
      expect(() => hashScatteredAsWritten(short, fd, 'out', plan([[500, 1500]]))).toThrow();
    } finally {
      closeSync(fd);
    }
  });
});
