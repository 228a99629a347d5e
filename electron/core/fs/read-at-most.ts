import type { FileHandle } from 'node:fs/promises';

/**
 * All of an open file, or undefined once it holds more than `maxBytes`, however large it said it
 * was: it may grow while it is read. Memory follows the file's own size, not the cap, so a 64 MiB
 * cap costs a small key nothing.
 */
export async function readAtMost(
  handle: FileHandle,
  maxBytes: number,
  sizeHint: number,
): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.max(64 * 1024, Math.min(sizeHint, maxBytes) + 1 - total));
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
    if (bytesRead === 0) return Buffer.concat(chunks, total);
    total += bytesRead;
    if (total > maxBytes) return undefined;
    chunks.push(chunk.subarray(0, bytesRead));
  }
}
