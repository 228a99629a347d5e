import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, mkdtempSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { plainMessage, SignetError } from '../../electron/core/errors';
import { DIGEST_ALGORITHMS, type DigestProgress } from '../../electron/core/hashing/digest-algorithms';
import { digestFile } from '../../electron/core/hashing/digest-file';
import { CHUNK_SIZE, RING_DEPTH } from '../../electron/core/hashing/read-file-chunks';

const dir = mkdtempSync(join(tmpdir(), 'signet-digest-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function patterned(size: number): Buffer {
  const bytes = Buffer.allocUnsafe(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + (i >> 11)) & 0xff;
  return bytes;
}

function fileOf(name: string, content: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function openFds(): number {
  return readdirSync('/proc/self/fd').length;
}

describe('digestFile', () => {
  const sizes = {
    empty: 0,
    'one byte': 1,
    'one short of a chunk': CHUNK_SIZE - 1,
    'exactly a chunk': CHUNK_SIZE,
    'a chunk and a byte': CHUNK_SIZE + 1,
    'exactly the ring': CHUNK_SIZE * RING_DEPTH,
    'more than the ring': CHUNK_SIZE * (RING_DEPTH + 2) + 17,
  };
  for (const [label, size] of Object.entries(sizes)) {
    it(`matches Node's one-shot digests for ${label} (${size} bytes)`, async () => {
      const content = patterned(size);
      const path = fileOf(`size-${size}`, content);
      const digests = await digestFile(path, DIGEST_ALGORITHMS);
      for (const algorithm of DIGEST_ALGORITHMS) {
        expect(digests[algorithm]?.toString('hex'), algorithm).toBe(
          createHash(algorithm).update(content).digest('hex'),
        );
      }
    });
  }

  it('reports monotonic progress that ends at the file size', async () => {
    const size = CHUNK_SIZE * 3 + 5;
    const path = fileOf('progress', patterned(size));
    const seen: DigestProgress[] = [];
    await digestFile(path, ['sha256'], { onProgress: (p) => seen.push(p) });
    expect(seen.length).toBe(4);
    for (const [i, p] of seen.entries()) {
      expect(p.bytesTotal).toBe(size);
      if (i > 0) expect(p.bytesDone).toBeGreaterThan(seen[i - 1]!.bytesDone);
    }
    expect(seen.at(-1)).toEqual({ bytesDone: size, bytesTotal: size });
  });

  it('reports 100% once for an empty file', async () => {
    const seen: DigestProgress[] = [];
    await digestFile(fileOf('empty-progress', Buffer.alloc(0)), ['sha256'], {
      onProgress: (p) => seen.push(p),
    });
    expect(seen).toEqual([{ bytesDone: 0, bytesTotal: 0 }]);
  });

  it('cancels between chunks, closes the file and rejects with a cancelled SignetError', async () => {
    const path = fileOf('abort', patterned(CHUNK_SIZE * 8));
    const before = openFds();
    const controller = new AbortController();
    const seen: number[] = [];
    const outcome = digestFile(path, ['sha256'], {
      signal: controller.signal,
      onProgress: (p) => {
        seen.push(p.bytesDone);
        controller.abort();
      },
    });
    await expect(outcome).rejects.toMatchObject({ kind: 'cancelled' });
    expect(seen).toEqual([CHUNK_SIZE]);
    expect(openFds()).toBe(before);
  });

  it('does not open the file when already cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      digestFile(join(dir, 'does-not-exist'), ['sha256'], { signal: controller.signal }),
    ).rejects.toMatchObject({ kind: 'cancelled' });
  });

  it('refuses a file that grows while it is read', async () => {
    const path = fileOf('grows', patterned(CHUNK_SIZE * 3));
    const outcome = digestFile(path, ['sha256'], {
      onProgress: (p) => {
        if (p.bytesDone === CHUNK_SIZE) appendFileSync(path, 'more');
      },
    });
    await expect(outcome).rejects.toSatisfy(
      (error) =>
        error instanceof SignetError &&
        error.kind === 'io' &&
        /changed while it was being checked/.test(error.message),
    );
  });

  it('refuses a file that shrinks while it is read', async () => {
    const path = fileOf('shrinks', patterned(CHUNK_SIZE * 8));
    const outcome = digestFile(path, ['sha256'], {
      onProgress: (p) => {
        if (p.bytesDone === CHUNK_SIZE) truncateSync(path, CHUNK_SIZE + 10);
      },
    });
    await expect(outcome).rejects.toMatchObject({ kind: 'io' });
  });

  it('reads a pipe to its end', async () => {
    const fifo = join(dir, 'fifo');
    await new Promise<void>((resolve, reject) =>
      spawn('mkfifo', [fifo]).on('exit', (code) =>
        code === 0 ? resolve() : reject(new Error('mkfifo failed')),
      ),
    );
    const content = patterned(CHUNK_SIZE * 2 + 3);
    const source = fileOf('fifo-source', content);
    const writer = spawn('sh', ['-c', 'cat "$1" > "$2"', 'sh', source, fifo]);
    const written = new Promise((resolve) => writer.on('exit', resolve));
    const digests = await digestFile(fifo, ['sha256']);
    expect(await written).toBe(0);
    expect(digests.sha256?.toString('hex')).toBe(createHash('sha256').update(content).digest('hex'));
  });

  it('refuses a pipe without waiting for a writer when only regular files are wanted', async () => {
    const fifo = join(dir, 'fifo-refused');
    await new Promise<void>((resolve, reject) =>
      spawn('mkfifo', [fifo]).on('exit', (code) =>
        code === 0 ? resolve() : reject(new Error('mkfifo failed')),
      ),
    );
    await expect(digestFile(fifo, ['sha256'], { regularOnly: true })).rejects.toSatisfy(
      (error) => error instanceof SignetError && /is not a regular file/.test(error.message),
    );
  });

  it('keeps the file system error code so plainMessage can explain it', async () => {
    const missing = join(dir, 'missing');
    await expect(digestFile(missing, ['sha256'])).rejects.toSatisfy(
      (error) => plainMessage(error) === `The file does not exist (${missing}).`,
    );
    await expect(digestFile(dir, ['sha256'])).rejects.toSatisfy((error) =>
      plainMessage(error).startsWith('Expected a file but found a folder'),
    );
  });

  it('rejects a digest it does not compute, and an empty list', async () => {
    const path = fileOf('algo', Buffer.from('x'));
    await expect(digestFile(path, ['md5' as never])).rejects.toMatchObject({ kind: 'usage' });
    await expect(digestFile(path, [])).rejects.toMatchObject({ kind: 'usage' });
  });
});
