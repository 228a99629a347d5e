import { createHash, randomBytes } from 'node:crypto';
import { closeSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ContentHasher, type ContentPlan } from '../../electron/core/hashing/content-plan';
import { readContent, readContentSync } from '../../electron/core/hashing/read-content';
import { readContentInWorker } from '../../electron/core/hashing/read-content-in-worker';
import { tempDir } from '../helpers/temp-dir';

let dir: string;
beforeAll(async () => {
  dir = await tempDir('signet-content-plan-');
});

const plan = (prefix: Uint8Array, suffix: Uint8Array): ContentPlan => ({
  digests: ['sha256', 'blake2b512'],
  prefixed: [{ algorithm: 'sha512', prefix }],
  suffixed: [
    { algorithm: 'sha256', suffix },
    { algorithm: 'sha512', suffix, canonicalText: true },
    { algorithm: 'sha256', suffix: new Uint8Array([1, 2]) },
  ],
  ranged: [
    {
      algorithm: 'sha256',
      ranges: [
        [1, 5],
        [9, 2000],
        [2_100_000, 9_000_000],
      ],
    },
  ],
  wholeMessage: false,
});

/** What each need means, computed the plain way from the whole content. */
function expected(content: Uint8Array, prefix: Uint8Array, suffix: Uint8Array) {
  const h = (algorithm: string, ...parts: Uint8Array[]) => {
    const hash = createHash(algorithm);
    for (const part of parts) hash.update(part);
    return new Uint8Array(hash.digest());
  };
  const crlf = Buffer.from(Buffer.from(content).toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1');
  return {
    digests: { sha256: h('sha256', content), blake2b512: h('blake2b512', content) },
    prefixed: [h('sha512', prefix, content)],
    suffixed: [
      h('sha256', content, suffix),
      h('sha512', crlf, suffix),
      h('sha256', content, new Uint8Array([1, 2])),
    ],
    ranged: [
      h('sha256', content.subarray(1, 5), content.subarray(9, 2000), content.subarray(2_100_000, 9_000_000)),
    ],
  };
}

describe('ContentHasher', () => {
  it('meets every need from chunks cut anywhere (line ends made CRLF across cuts)', () => {
    const bytes = fc.uint8Array({ maxLength: 300 }).map((a) => a.map((b) => [0x0a, 0x0d, 0x41][b % 3]!));
    fc.assert(
      fc.property(
        bytes,
        fc.array(fc.nat(300), { maxLength: 6 }),
        fc.uint8Array({ maxLength: 40 }),
        (content, cuts, suffix) => {
          const prefix = new Uint8Array(64).fill(7);
          const hasher = new ContentHasher(plan(prefix, suffix));
          const points = [...new Set(cuts.map((c) => c % (content.length + 1)))].sort((a, b) => a - b);
          let start = 0;
          for (const point of [...points, content.length]) {
            hasher.update(Buffer.from(content.subarray(start, point)));
            start = point;
          }
          const result = hasher.finish();
          expect({
            digests: result.digests,
            prefixed: result.prefixed,
            suffixed: result.suffixed,
            ranged: result.ranged,
          }).toEqual(expected(content, prefix, suffix));
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('one read of an open file', () => {
  it('gives the same answers in process, blocking, and on worker threads sharing the descriptor', async () => {
    const file = join(dir, 'content.bin');
    // Over the worker's blocking-read limit (4 MiB), so the overlapped reads are the ones tested.
    const content = randomBytes(9 * 1024 * 1024 + 17);
    writeFileSync(file, content);
    const prefix = new Uint8Array(randomBytes(64));
    const suffix = new Uint8Array(randomBytes(6));
    const want = expected(content, prefix, suffix);
    const fd = openSync(file, 'r');
    try {
      for (const result of [
        await readContent(fd, 'content.bin', plan(prefix, suffix)),
        readContentSync(fd, 'content.bin', plan(prefix, suffix)),
        // Two workers reading one descriptor at once, as a large verification does.
        ...(await Promise.all([
          readContentInWorker(fd, 'content.bin', plan(prefix, suffix)),
          readContentInWorker(fd, 'content.bin', plan(prefix, suffix)),
        ])),
      ]) {
        expect(result.size).toBe(content.length);
        expect({
          digests: result.digests,
          prefixed: result.prefixed,
          suffixed: result.suffixed,
          ranged: result.ranged,
        }).toEqual(want);
      }
    } finally {
      closeSync(fd);
    }
  });
});
