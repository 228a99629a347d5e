import { randomBytes } from 'node:crypto';
import { fstatSync } from 'node:fs';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { COPY_CHUNK, SequentialWriter } from '../../electron/core/formats/authenticode/sequential-writer';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function scratchFile(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'signet-seqw-'));
  dirs.push(dir);
  return join(dir, 'out.bin');
}

describe('SequentialWriter', () => {
  it('writes reserved chunks, plain bytes and zeros front to back, exactly', async () => {
    const path = await scratchFile();
    const out = await open(path, 'w');
    const copied = randomBytes(5 * COPY_CHUNK + 12345);
    const tail = randomBytes(70_000);
    try {
      const sink = new SequentialWriter(out);
      await sink.zeros(512);
      for (let at = 0; at < copied.length; ) {
        const chunk = await sink.reserve(Math.min(COPY_CHUNK, copied.length - at));
        copied.copy(chunk, 0, at, at + chunk.length);
        sink.commit(chunk.length);
        at += chunk.length;
      }
      await sink.write(tail);
      await sink.flush();
      expect(sink.written).toBe(512 + copied.length + tail.length);
    } finally {
      await out.close();
    }
    const file = await readFile(path);
    expect(file.length).toBe(512 + copied.length + tail.length);
    expect(file.subarray(0, 512).every((byte) => byte === 0)).toBe(true);
    expect(file.subarray(512, 512 + copied.length).equals(copied)).toBe(true);
    expect(file.subarray(512 + copied.length).equals(tail)).toBe(true);
  });

  // The worker hashing the copy back waits for these reports: they must only grow, never run ahead
  // of the file, and come often (not once per 4 MiB buffer) so the hash follows the copy closely.
  it('reports each piece written as it lands, never more than the file holds', async () => {
    const path = await scratchFile();
    const out = await open(path, 'w');
    const reports: { said: number; onDisk: number }[] = [];
    const bytes = randomBytes(4 * COPY_CHUNK + 1000);
    try {
      const sink = new SequentialWriter(out, (said) => {
        reports.push({ said, onDisk: fstatSync(out.fd).size });
      });
      await sink.write(bytes);
      await sink.flush();
    } finally {
      await out.close();
    }
    const said = reports.map((report) => report.said);
    expect(said.at(-1)).toBe(bytes.length);
    expect(reports.every((report) => report.said <= report.onDisk)).toBe(true);
    expect(said.every((value, i) => i === 0 || value > said[i - 1]!)).toBe(true);
    const steps = said.map((value, i) => value - (said[i - 1] ?? 0));
    expect(Math.max(...steps)).toBeLessThanOrEqual(256 * 1024);
    expect(reports.length).toBeGreaterThanOrEqual(Math.ceil(bytes.length / (256 * 1024)));
  });
});
