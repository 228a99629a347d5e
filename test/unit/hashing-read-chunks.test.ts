import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { readFileChunks } from '../../electron/core/hashing/read-file-chunks';
import { readFileChunksSync } from '../../electron/core/hashing/read-file-chunks-sync';

const dir = mkdtempSync(join(tmpdir(), 'signet-read-chunks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readFileChunks', () => {
  it('hands over every byte once, in order, whatever the chunk size and ring depth', async () => {
    const fds = readdirSync('/proc/self/fd').length;
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 300 }),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 6 }),
        async (content, chunkSize, depth) => {
          const path = join(dir, 'file');
          writeFileSync(path, content);
          const parts: Buffer[] = [];
          const bytes = await readFileChunks(path, (chunk) => parts.push(Buffer.from(chunk)), {
            chunkSize,
            depth,
          });
          expect(bytes).toBe(content.length);
          expect(Buffer.concat(parts).equals(Buffer.from(content))).toBe(true);
          expect(parts.every((part) => part.length > 0 && part.length <= chunkSize)).toBe(true);

          const syncParts: Buffer[] = [];
          readFileChunksSync(path, (chunk) => syncParts.push(Buffer.from(chunk)), Buffer.alloc(chunkSize));
          expect(Buffer.concat(syncParts).equals(Buffer.from(content))).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
    expect(readdirSync('/proc/self/fd').length).toBe(fds);
  });

  it('reuses its buffers instead of allocating one per chunk', async () => {
    const path = join(dir, 'reuse');
    writeFileSync(path, Buffer.alloc(40, 1));
    const buffers = new Set<ArrayBufferLike>();
    await readFileChunks(path, (chunk) => buffers.add(chunk.buffer), { chunkSize: 4, depth: 3 });
    expect(buffers.size).toBe(3);
  });

  it('reads /proc files, whose stat size is 0, to their end', async () => {
    const parts: Buffer[] = [];
    await readFileChunks('/proc/self/status', (chunk) => parts.push(Buffer.from(chunk)));
    expect(Buffer.concat(parts).toString()).toMatch(/^Name:/);
  });
});
