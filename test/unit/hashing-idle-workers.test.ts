import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HashWorkerClient } from '../../electron/core/hashing/hash-worker-client';
import {
  releaseHashWorker,
  startHashWorker,
  stopIdleHashWorkers,
} from '../../electron/core/hashing/worker-location';

const dir = mkdtempSync(join(tmpdir(), 'signet-idle-workers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('stopIdleHashWorkers', () => {
  it('ends a released worker, and the next request gets a fresh one that hashes', async () => {
    const released = startHashWorker();
    releaseHashWorker(released);
    const exited = once(released, 'exit');
    stopIdleHashWorkers();
    await exited;

    const path = join(dir, 'content.bin');
    writeFileSync(path, 'what the fresh worker hashes');
    const fresh = startHashWorker();
    expect(fresh).not.toBe(released);
    const client = new HashWorkerClient(fresh);
    try {
      const result = await client.digest(path, ['sha256']);
      expect(result.digests.sha256?.toString('hex')).toBe(
        createHash('sha256').update('what the fresh worker hashes').digest('hex'),
      );
    } finally {
      await client.terminate();
    }
  }, 20_000);
});
