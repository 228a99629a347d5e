import { createHash } from 'node:crypto';
import { closeSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { prestartHashingFor } from '../../electron/cli/prestart-hashing';
import { emptyPlan } from '../../electron/core/hashing/content-plan';
import { readContentInWorker } from '../../electron/core/hashing/read-content-in-worker';
import { CLI, run } from '../helpers/run';
import { tempDir } from '../helpers/temp-dir';

let dir: string;
let large: string;
const content = Buffer.alloc(9 * 1024 * 1024, 0x5a);
beforeAll(async () => {
  dir = await tempDir('signet-prestart-');
  large = join(dir, 'large.bin');
  writeFileSync(large, content);
});

describe('the hash worker started ahead of a large verification', () => {
  it('is the one the verification reads with, and it gives the right answer', async () => {
    prestartHashingFor(['node', 'signet', 'verify', large]);
    const fd = openSync(large, 'r');
    try {
      const result = await readContentInWorker(fd, 'large.bin', { ...emptyPlan(), digests: ['sha256'] });
      expect(Buffer.from(result.digests.sha256!).toString('hex')).toBe(
        createHash('sha256').update(content).digest('hex'),
      );
    } finally {
      closeSync(fd);
    }
  });

  it('never keeps the CLI alive when the run fails before hashing', async () => {
    // No signature beside the file: the prestarted worker is never taken, and the run still ends.
    const result = await run(process.execPath, [CLI, 'verify', large], {
      env: { SIGNET_CONFIG_DIR: join(dir, 'config') },
    });
    expect(result.status).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(/no signature/i);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
