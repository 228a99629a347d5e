import { mkdtemp, open, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { IN_PROCESS_MAX_BYTES, readOffThread } from '../../electron/main/handlers/small-files-in-process';

it('reads a small file on main’s thread and anything larger, odd or missing in a worker', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'signet-offthread-'));
  const small = join(dir, 'small.txt');
  await writeFile(small, Buffer.alloc(IN_PROCESS_MAX_BYTES, 1));
  const large = join(dir, 'large.bin');
  const handle = await open(large, 'w');
  await handle.truncate(IN_PROCESS_MAX_BYTES + 1);
  await handle.close();
  await expect(readOffThread(small)).resolves.toBe(false);
  await expect(readOffThread(large)).resolves.toBe(true);
  await expect(readOffThread(dir)).resolves.toBe(true);
  await expect(readOffThread(join(dir, 'missing'))).resolves.toBe(true);
});
