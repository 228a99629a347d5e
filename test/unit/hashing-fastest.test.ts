import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { digestFileFastest } from '../../electron/core/hashing/digest-file-fastest';
import { digestFileInWorker } from '../../electron/core/hashing/digest-file-in-worker';
import { PARALLEL_DIGESTS_MIN_BYTES } from '../../electron/core/limits';

vi.mock('../../electron/core/hashing/digest-file-in-worker', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../electron/core/hashing/digest-file-in-worker')>();
  return { ...original, digestFileInWorker: vi.fn(original.digestFileInWorker) };
});

const dir = mkdtempSync(join(tmpdir(), 'signet-fastest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const workerCalls = () => vi.mocked(digestFileInWorker).mock.calls.length;

function fileOf(name: string, size: number) {
  const content = randomBytes(size);
  const path = join(dir, name);
  writeFileSync(path, content);
  return { path, content };
}

const hex = (algorithm: string, content: Buffer) => createHash(algorithm).update(content).digest('hex');

describe('digestFileFastest', () => {
  it('runs several digests of a large file in parallel workers', async () => {
    const { path, content } = fileOf('large', PARALLEL_DIGESTS_MIN_BYTES);
    const before = workerCalls();
    const digests = await digestFileFastest(path, ['blake2b512', 'sha256']);
    expect(workerCalls()).toBe(before + 1);
    expect(digests.blake2b512?.toString('hex')).toBe(hex('blake2b512', content));
    expect(digests.sha256?.toString('hex')).toBe(hex('sha256', content));
  });

  it('stays on this thread for one digest, or for a small file', async () => {
    const before = workerCalls();
    const large = fileOf('large-one', PARALLEL_DIGESTS_MIN_BYTES);
    expect((await digestFileFastest(large.path, ['sha256'])).sha256?.toString('hex')).toBe(
      hex('sha256', large.content),
    );
    const small = fileOf('small', PARALLEL_DIGESTS_MIN_BYTES - 1);
    const digests = await digestFileFastest(small.path, ['blake2b512', 'sha256']);
    expect(digests.blake2b512?.toString('hex')).toBe(hex('blake2b512', small.content));
    expect(workerCalls()).toBe(before);
  });

  it('reports a missing file like digestFile does', async () => {
    await expect(digestFileFastest(join(dir, 'none'), ['blake2b512', 'sha256'])).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });
});
