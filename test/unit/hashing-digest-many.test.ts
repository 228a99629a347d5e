import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { plainMessage, SignetError } from '../../electron/core/errors';
import { type DigestManyProgress, digestMany } from '../../electron/core/hashing/digest-many';
import { CHUNK_SIZE, RING_DEPTH } from '../../electron/core/hashing/read-file-chunks';

const dir = mkdtempSync(join(tmpdir(), 'signet-digest-many-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

function makeFiles(count: number, sizeOf: (i: number) => number): Array<{ path: string; content: Buffer }> {
  const folder = mkdtempSync(join(dir, 'set-'));
  return Array.from({ length: count }, (_, i) => {
    const content = Buffer.alloc(sizeOf(i), i % 251);
    if (content.length >= 4) content.writeUInt32LE(i, 0);
    const path = join(folder, `f${i}`);
    writeFileSync(path, content);
    return { path, content };
  });
}

describe('digestMany', () => {
  it('hashes every file like a one-shot hash, small files and ones past the blocking-read limit', async () => {
    const files = makeFiles(40, (i) => (i === 3 ? 0 : i === 7 ? CHUNK_SIZE * RING_DEPTH + 11 : 4 + i * 997));
    const digests = await digestMany(
      files.map((f) => f.path),
      'sha256',
    );
    expect([...digests.keys()]).toEqual(files.map((f) => f.path));
    for (const { path, content } of files)
      expect((digests.get(path) as Buffer).toString('hex')).toBe(sha256(content));
  });

  it('computes sha512 too', async () => {
    const [file] = makeFiles(1, () => 1000);
    const digests = await digestMany([file!.path], 'sha512');
    expect((digests.get(file!.path) as Buffer).toString('hex')).toBe(
      createHash('sha512').update(file!.content).digest('hex'),
    );
  });

  it('gives a missing or unreadable file its own error and hashes the rest, in batches and alone', async () => {
    const files = makeFiles(64, (i) => 100 + i);
    const missing = join(dir, 'nope');
    const folder = join(dir, 'a-folder');
    mkdirSync(folder);
    // Early entries travel in batches of several files; the last few go one per request.
    const paths = [files[0]!.path, missing, ...files.slice(1).map((f) => f.path), folder];
    const digests = await digestMany(paths, 'sha256', { concurrency: 2 });
    expect([...digests.keys()]).toEqual(paths);
    const missingError = digests.get(missing);
    expect(missingError).toBeInstanceOf(Error);
    expect((missingError as Error & { code?: string }).code).toBe('ENOENT');
    expect(plainMessage(missingError)).toBe(`The file does not exist (${missing}).`);
    expect(plainMessage(digests.get(folder))).toMatch(/^Expected a file but found a folder/);
    for (const { path, content } of files)
      expect((digests.get(path) as Buffer).toString('hex')).toBe(sha256(content));

    const alone = await digestMany([missing], 'sha256');
    expect((alone.get(missing) as Error & { code?: string }).code).toBe('ENOENT');
  });

  it('hashes a path given twice once, and returns an empty map for no paths', async () => {
    const [file] = makeFiles(1, () => 10);
    const digests = await digestMany([file!.path, file!.path], 'sha256');
    expect(digests.size).toBe(1);
    expect((await digestMany([], 'sha256')).size).toBe(0);
  });

  for (const concurrency of [1, 3]) {
    it(`reports one progress step per file up to the total with ${concurrency} worker(s)`, async () => {
      const files = makeFiles(25, (i) => 1000 + i);
      const seen: DigestManyProgress[] = [];
      await digestMany(
        files.map((f) => f.path),
        'sha256',
        { concurrency, onProgress: (p) => seen.push(p) },
      );
      expect(seen.map((p) => p.filesDone)).toEqual(files.map((_, i) => i + 1));
      expect(seen.every((p) => p.filesTotal === 25)).toBe(true);
      expect(seen.at(-1)?.bytesDone).toBe(files.reduce((sum, f) => sum + f.content.length, 0));
    });
  }

  it('stops on cancel and rejects with a cancelled SignetError', async () => {
    const files = makeFiles(400, () => 64 * 1024);
    const controller = new AbortController();
    let calls = 0;
    const outcome = digestMany(
      files.map((f) => f.path),
      'sha256',
      {
        signal: controller.signal,
        onProgress: () => {
          calls++;
          if (calls === 5) controller.abort();
        },
      },
    );
    await expect(outcome).rejects.toSatisfy((e) => e instanceof SignetError && e.kind === 'cancelled');
    expect(calls).toBeLessThan(400);
  });

  it('rejects at once when already cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(digestMany(['/nonexistent'], 'sha256', { signal: controller.signal })).rejects.toMatchObject(
      {
        kind: 'cancelled',
      },
    );
  });

  it('rejects a digest it does not compute', async () => {
    await expect(digestMany(['/x'], 'md5' as never)).rejects.toMatchObject({ kind: 'usage' });
  });

  describe('confined to a folder', () => {
    const outside = join(dir, 'secret.txt');
    const folder = realpathSync(mkdtempSync(join(dir, 'list-folder-')));
    writeFileSync(outside, 'not for you');
    const inside = makeFiles(40, (i) => 500 + i).map(({ content }) => {
      const moved = join(folder, `in-${content.length}`);
      writeFileSync(moved, content);
      return { path: moved, content };
    });
    const big = join(folder, 'big.bin');
    const bigContent = Buffer.alloc(CHUNK_SIZE * RING_DEPTH + 3, 9);
    writeFileSync(big, bigContent);
    const leak = join(folder, 'leak');
    symlinkSync(outside, leak);
    const friendly = join(folder, 'friendly');
    symlinkSync(inside[0]!.path, friendly);
    const fifo = join(folder, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const sub = join(folder, 'sub');
    mkdirSync(sub);

    it('reads regular files inside, and refuses links out, FIFOs and folders without reading them', async () => {
      const paths = [leak, ...inside.map((f) => f.path), friendly, fifo, sub, join(folder, 'gone')];
      const digests = await digestMany(paths, 'sha256', { confineTo: folder, concurrency: 2 });
      for (const { path, content } of inside)
        expect((digests.get(path) as Buffer).toString('hex')).toBe(sha256(content));
      expect((digests.get(friendly) as Buffer).toString('hex')).toBe(sha256(inside[0]!.content));
      expect(digests.get(leak)).toMatchObject({ kind: 'malformed' });
      expect(plainMessage(digests.get(leak))).toMatch(/outside the list's folder/);
      expect(plainMessage(digests.get(fifo))).toMatch(/is not a regular file/);
      expect(plainMessage(digests.get(sub))).toMatch(/is not a regular file/);
      expect((digests.get(join(folder, 'gone')) as Error & { code?: string }).code).toBe('ENOENT');
    });

    it('applies the same rules to a file sent on its own, large or not', async () => {
      expect(
        ((await digestMany([big], 'sha256', { confineTo: folder })).get(big) as Buffer).toString('hex'),
      ).toBe(sha256(bigContent));
      expect((await digestMany([leak], 'sha256', { confineTo: folder })).get(leak)).toMatchObject({
        kind: 'malformed',
      });
      expect(plainMessage((await digestMany([fifo], 'sha256', { confineTo: folder })).get(fifo))).toMatch(
        /is not a regular file/,
      );
    });
  });
});
