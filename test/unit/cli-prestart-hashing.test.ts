import { createHash } from 'node:crypto';
import { closeSync, openSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { prestartHashingFor } from '../../electron/cli/prestart-hashing';
import { type ContentPlan, emptyPlan } from '../../electron/core/hashing/content-plan';
import { earlyContentFor, startEarlyContent } from '../../electron/core/hashing/early-content';
import {
  readContentInWorker,
  readContentSharedInWorkers,
} from '../../electron/core/hashing/read-content-in-worker';
import { startHashWorker } from '../../electron/core/hashing/worker-location';
import { PARALLEL_DIGESTS_MIN_BYTES } from '../../electron/core/limits';
import { closeArtifact, openArtifact } from '../../electron/core/verify/content-facts';
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

  it('starts two workers for verify --json and for sign of a file past the parallel threshold', async () => {
    // Sparse: the size is what the guess looks at; nothing is written.
    const huge = join(dir, 'huge.bin');
    writeFileSync(huge, '');
    truncateSync(huge, PARALLEL_DIGESTS_MIN_BYTES);
    prestartHashingFor(['node', 'signet', 'verify', huge, '--json']);
    prestartHashingFor(['node', 'signet', 'sign', huge]);
    const fd = openSync(large, 'r');
    try {
      const plan = { ...emptyPlan(), digests: ['sha256' as const] };
      const [a, b] = await readContentSharedInWorkers(fd, 'large.bin', [plan, plan]);
      const expected = createHash('sha256').update(content).digest('hex');
      expect(Buffer.from(a.digests.sha256!).toString('hex')).toBe(expected);
      expect(Buffer.from(b.digests.sha256!).toString('hex')).toBe(expected);
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

describe('the read started before the signature is parsed', () => {
  const needs = [
    {
      kind: 'ranged-hash' as const,
      algorithm: 'sha256' as const,
      ranges: [
        [0, 100],
        [108, content.length],
      ] as const,
    },
  ];
  const plan: ContentPlan = {
    ...emptyPlan(),
    ranged: [{ algorithm: 'sha256', ranges: needs[0]!.ranges.map(([a, b]) => [a, b] as const) }],
  };
  const expected = createHash('sha256')
    .update(content.subarray(0, 100))
    .update(content.subarray(108))
    .digest('hex');
  const start = () => startEarlyContent([startHashWorker()], large, statSync(large), [plan]);
  const answerFor = async (asked: ContentPlan) => {
    const artifact = openArtifact(large);
    try {
      return await earlyContentFor(artifact, asked);
    } finally {
      closeArtifact(artifact);
    }
  };

  it('answers the check that asks for exactly its hashes of the file as it was', async () => {
    start();
    const result = await answerFor(plan);
    expect(Buffer.from(result!.ranged[0]!).toString('hex')).toBe(expected);
    // Taken once: a second check reads for itself.
    expect(await answerFor(plan)).toBeUndefined();
  });

  it('answers nothing for other hashes, or once the file was written to', async () => {
    start();
    expect(await answerFor({ ...plan, digests: ['sha256'] })).toBeUndefined();
    start();
    // Opened before the write: whenever the worker opened it, the file changed in between.
    const artifact = openArtifact(large);
    try {
      writeFileSync(large, content);
      expect(await earlyContentFor(artifact, plan)).toBeUndefined();
    } finally {
      closeArtifact(artifact);
    }
  });
});
