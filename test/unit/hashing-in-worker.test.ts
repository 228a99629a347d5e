import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { plainMessage, SignetError } from '../../electron/core/errors';
import { DIGEST_ALGORITHMS, type DigestProgress } from '../../electron/core/hashing/digest-algorithms';
import { digestFileInWorker } from '../../electron/core/hashing/digest-file-in-worker';
import { HashWorkerClient } from '../../electron/core/hashing/hash-worker-client';
import { CHUNK_SIZE } from '../../electron/core/hashing/read-file-chunks';

const dir = mkdtempSync(join(tmpdir(), 'signet-in-worker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fileOf(name: string, size: number): { path: string; content: Buffer } {
  const content = randomBytes(size);
  const path = join(dir, name);
  writeFileSync(path, content);
  return { path, content };
}

const hex = (algorithm: string, content: Buffer) => createHash(algorithm).update(content).digest('hex');

describe('digestFileInWorker', () => {
  for (const size of [0, 1, CHUNK_SIZE, CHUNK_SIZE * 5 + 3]) {
    it(`computes every digest in parallel workers like a one-shot hash (${size} bytes)`, async () => {
      const { path, content } = fileOf(`f${size}`, size);
      const digests = await digestFileInWorker(path, DIGEST_ALGORITHMS);
      for (const algorithm of DIGEST_ALGORITHMS) {
        expect(digests[algorithm]?.toString('hex'), algorithm).toBe(hex(algorithm, content));
      }
    });
  }

  it('gives the same digests when the digests must share one worker', async () => {
    const { path, content } = fileOf('shared', CHUNK_SIZE * 2 + 1);
    const digests = await digestFileInWorker(path, ['blake2b512', 'sha256'], { maxWorkers: 1 });
    expect(digests.blake2b512?.toString('hex')).toBe(hex('blake2b512', content));
    expect(digests.sha256?.toString('hex')).toBe(hex('sha256', content));
  });

  it('reports progress of the slowest worker, monotonic, ending at the size', async () => {
    const size = CHUNK_SIZE * 12 + 5;
    const { path } = fileOf('progress', size);
    const seen: DigestProgress[] = [];
    await digestFileInWorker(path, ['blake2b512', 'sha256'], {
      progressEveryMs: 0,
      onProgress: (p) => seen.push(p),
    });
    expect(seen.length).toBeGreaterThan(1);
    for (const [i, p] of seen.entries()) {
      expect(p.bytesTotal).toBe(size);
      if (i > 0) expect(p.bytesDone).toBeGreaterThan(seen[i - 1]!.bytesDone);
    }
    expect(seen.at(-1)).toEqual({ bytesDone: size, bytesTotal: size });
  });

  it('reports 100% for an empty file', async () => {
    const { path } = fileOf('empty', 0);
    const seen: DigestProgress[] = [];
    await digestFileInWorker(path, ['sha256'], { onProgress: (p) => seen.push(p) });
    expect(seen).toEqual([{ bytesDone: 0, bytesTotal: 0 }]);
  });

  it('stops the workers when cancelled and rejects with a cancelled SignetError', async () => {
    const { path } = fileOf('cancel', CHUNK_SIZE * 64);
    const controller = new AbortController();
    let last = 0;
    const outcome = digestFileInWorker(path, ['blake2b512', 'sha256'], {
      signal: controller.signal,
      progressEveryMs: 0,
      onProgress: (p) => {
        last = p.bytesDone;
        controller.abort();
      },
    });
    await expect(outcome).rejects.toSatisfy((e) => e instanceof SignetError && e.kind === 'cancelled');
    expect(last).toBeLessThan(CHUNK_SIZE * 64);
  });

  it('rejects at once when already cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      digestFileInWorker(join(dir, 'none'), ['sha256'], { signal: controller.signal }),
    ).rejects.toMatchObject({ kind: 'cancelled' });
  });

  it("brings the worker's errors back with their code and kind", async () => {
    const missing = join(dir, 'missing');
    await expect(digestFileInWorker(missing, ['blake2b512', 'sha256'])).rejects.toSatisfy(
      (e) =>
        (e as { code?: string }).code === 'ENOENT' &&
        plainMessage(e) === `The file does not exist (${missing}).`,
    );
    const { path } = fileOf('grows', CHUNK_SIZE * 16);
    const outcome = digestFileInWorker(path, ['sha256'], {
      progressEveryMs: 0,
      onProgress: (p) => {
        if (p.bytesDone < p.bytesTotal) appendFileSync(path, 'x');
      },
    });
    await expect(outcome).rejects.toSatisfy((e) => e instanceof SignetError && e.kind === 'io');
  });

  it('rejects a digest it does not compute without starting a worker', async () => {
    await expect(digestFileInWorker('/x', ['md5' as never])).rejects.toMatchObject({ kind: 'usage' });
  });

  for (const reads of ['overlapped', 'blocking'] as const) {
    it(`hashes with ${reads} reads in the worker, with progress ending at the size`, async () => {
      const size = CHUNK_SIZE * 6 + 9;
      const { path, content } = fileOf(`reads-${reads}`, size);
      const client = new HashWorkerClient();
      try {
        const seen: DigestProgress[] = [];
        const result = await client.digest(path, ['sha512'], {
          reads,
          progressEveryMs: 0,
          onProgress: (p) => seen.push(p),
        });
        expect(result.bytes).toBe(size);
        expect(result.digests.sha512?.toString('hex')).toBe(hex('sha512', content));
        expect(seen.length).toBe(7);
        expect(seen.at(-1)).toEqual({ bytesDone: size, bytesTotal: size });
      } finally {
        await client.terminate();
      }
    });
  }
});
