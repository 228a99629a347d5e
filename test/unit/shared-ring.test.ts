import { createHash, randomBytes } from 'node:crypto';
import { closeSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ContentPlan, emptyPlan } from '../../electron/core/hashing/content-plan';
import { planCost } from '../../electron/core/hashing/plan-cost';
import {
  followInWorker,
  readContentSharedInWorkers,
} from '../../electron/core/hashing/read-content-in-worker';
import { createSharedRing, RingPublisher, RingStopped } from '../../electron/core/hashing/shared-ring';
import { tempDir } from '../helpers/temp-dir';

// 40 MiB and a bit: the ring (16 chunks of 1 MiB) goes round more than twice, and the last chunk is short.
const content = randomBytes(40 * 1024 * 1024 + 12345);
let dir: string;
let file: string;
beforeAll(async () => {
  dir = await tempDir('signet-shared-ring-');
  file = join(dir, 'large.bin');
  writeFileSync(file, content);
});
let fd: number;
beforeAll(() => {
  fd = openSync(file, 'r');
});
afterAll(() => closeSync(fd));

const hex = (bytes: Uint8Array | undefined) => Buffer.from(bytes ?? []).toString('hex');

describe('one read of a file feeding hashes on two workers', () => {
  it('gives each plan what a hash of the whole file gives', async () => {
    const follows: ContentPlan = {
      ...emptyPlan(),
      digests: ['blake2b512'],
      ranged: [{ algorithm: 'sha256', ranges: [[5, 3 * 1024 * 1024 + 7]] }],
    };
    const suffix = new Uint8Array([1, 2, 3]);
    const leads: ContentPlan = {
      ...emptyPlan(),
      digests: ['sha256'],
      suffixed: [{ algorithm: 'sha512', suffix }],
    };
    const [a, b] = await readContentSharedInWorkers(fd, 'large.bin', [follows, leads]);
    expect(a.size).toBe(content.length);
    expect(b.size).toBe(content.length);
    expect(hex(a.digests.blake2b512)).toBe(createHash('blake2b512').update(content).digest('hex'));
    expect(hex(a.ranged[0])).toBe(
      createHash('sha256')
        .update(content.subarray(5, 3 * 1024 * 1024 + 7))
        .digest('hex'),
    );
    expect(hex(b.digests.sha256)).toBe(createHash('sha256').update(content).digest('hex'));
    expect(hex(b.suffixed[0])).toBe(createHash('sha512').update(content).update(suffix).digest('hex'));
  });

  it('answers in the order of the plans whichever of them reads (the cheaper one)', async () => {
    const light: ContentPlan = { ...emptyPlan(), digests: ['sha256'] };
    const heavy: ContentPlan = { ...emptyPlan(), digests: ['sha256', 'sha512'] };
    expect(planCost(light)).toBeLessThan(planCost(heavy));
    expect(planCost(emptyPlan())).toBe(0);
    const sha256 = createHash('sha256').update(content).digest('hex');
    const sha512 = createHash('sha512').update(content).digest('hex');
    for (const order of [
      [light, heavy],
      [heavy, light],
    ] as const) {
      const results = await readContentSharedInWorkers(fd, 'large.bin', order);
      results.forEach((result, index) => {
        expect(hex(result.digests.sha256)).toBe(sha256);
        expect(result.digests.sha512 === undefined).toBe(order[index] === light);
        if (order[index] === heavy) expect(hex(result.digests.sha512)).toBe(sha512);
      });
    }
  });

  it('a read that fails fails both, and nothing waits forever', async () => {
    // A folder opens and has a size, but reading it fails (EISDIR) in the leader.
    const folder = openSync(dir, 'r');
    const plan = { ...emptyPlan(), digests: ['sha256' as const] };
    try {
      await expect(readContentSharedInWorkers(folder, 'folder', [plan, plan])).rejects.toThrow(
        /EISDIR|folder/,
      );
    } finally {
      closeSync(folder);
    }
  });

  it('a caller that must not block publishes chunks into the ring; the worker hashes each in order, and a failed pass stops it and a wait for a free slot', async () => {
    const plan = { ...emptyPlan(), digests: ['sha256' as const] };
    // Two slots for three chunks: the caller waits once for the worker to free one.
    const chunk = 4 * 1024 * 1024;
    const ring = createSharedRing(2, chunk);
    const publisher = new RingPublisher(ring);
    const following = followInWorker(ring, plan);
    let at = 0;
    for (const length of [3, 3, 2].map((mib) => mib * 1024 * 1024)) {
      const slot = await publisher.nextSlot();
      slot.set(content.subarray(at, at + length));
      publisher.publish(length);
      at += length;
    }
    publisher.finish();
    const result = await following.done;
    await following.close();
    expect(hex(result.digests.sha256)).toBe(
      createHash('sha256')
        .update(content.subarray(0, 8 * 1024 * 1024))
        .digest('hex'),
    );
    const small = createSharedRing(1, 1024);
    const stopped = new RingPublisher(small);
    const reading = followInWorker(small, plan);
    await stopped.nextSlot();
    stopped.fail();
    await expect(reading.done).rejects.toThrow();
    await expect(stopped.nextSlot()).rejects.toBeInstanceOf(RingStopped);
    await reading.close();
  });
});
