import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPeForSigning, writeSignedPe } from '../../electron/core/formats/authenticode/pe-sign';
import { tinyPe } from '../helpers/pe-writer';

/** The checksum as imagehlp defines it, one 16-bit word at a time with end-around carry. */
function wordByWord(file: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < file.length; i += 2) {
    sum += file[i]! | ((file[i + 1] ?? 0) << 8);
    sum = (sum & 0xffff) + (sum >>> 16);
  }
  return (sum + file.length) >>> 0;
}

// Not a real PKCS#7 blob: the pass embeds whatever it is given, which is all this looks at.
const SIGNATURE = new Uint8Array(1001).fill(0x5a);

describe('writeSignedPe', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'signet-pe-sign-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** A program past the 16 MiB ring, of an odd length, so chunks go round the ring and padding is added. */
  async function program(name: string): Promise<string> {
    const file = join(dir, name);
    await writeFile(file, tinyPe({ codeSize: 40 * 1024 * 1024 + 3, overlay: 5 }));
    return file;
  }

  it('signs the bytes the copy holds, and writes the checksum Windows computes', async () => {
    const file = await program('whole.exe');
    const pe = await readPeForSigning(file);
    const out = join(dir, 'whole-signed.exe');
    const progress: number[] = [];
    const { sha256 } = await writeSignedPe(pe, out, async () => SIGNATURE, {
      onProgress: (done) => progress.push(done),
    });
    const written = await readFile(out);
    const { checksumOffset, certDirOffset } = pe.layout;
    const tableAt = Math.ceil(pe.contentEnd / 8) * 8;
    // The Authenticode digest by hand: everything before the table but the checksum and directory entry.
    const digest = createHash('sha256')
      .update(written.subarray(0, checksumOffset))
      .update(written.subarray(checksumOffset + 4, certDirOffset!))
      .update(written.subarray(certDirOffset! + 8, tableAt))
      .digest('hex');
    expect(Buffer.from(sha256).toString('hex')).toBe(digest);
    expect(written.subarray(pe.contentEnd, tableAt).every((byte) => byte === 0)).toBe(true);
    expect(written.readUInt32LE(certDirOffset!)).toBe(tableAt);
    expect(written.readUInt32LE(certDirOffset! + 4)).toBe(written.length - tableAt);
    expect(written.subarray(tableAt + 8, tableAt + 8 + SIGNATURE.length)).toEqual(Buffer.from(SIGNATURE));
    const stated = written.readUInt32LE(checksumOffset);
    written.writeUInt32LE(0, checksumOffset);
    expect(stated).toBe(wordByWord(written));
    // Progress in order, up to the whole content.
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(pe.contentEnd);
  });

  it('refuses a program cut short while it is copied, and leaves nothing behind', async () => {
    const file = await program('shrinks.exe');
    const pe = await readPeForSigning(file);
    const out = join(dir, 'shrinks-signed.exe');
    let cut = false;
    const signing = writeSignedPe(pe, out, async () => SIGNATURE, {
      onProgress: () => {
        if (!cut) void truncate(file, 1024 * 1024);
        cut = true;
      },
    });
    await expect(signing).rejects.toThrow(/changed/);
    expect(
      (await readdir(dir)).filter((name) => name.startsWith('.') || name === 'shrinks-signed.exe'),
    ).toEqual([]);
  });

  it('stops when cancelled, and leaves nothing behind', async () => {
    const file = await program('cancelled.exe');
    const pe = await readPeForSigning(file);
    const out = join(dir, 'cancelled-signed.exe');
    const cancel = new AbortController();
    const signing = writeSignedPe(pe, out, async () => SIGNATURE, {
      signal: cancel.signal,
      onProgress: () => cancel.abort(),
    });
    await expect(signing).rejects.toMatchObject({ kind: 'cancelled' });
    expect(
      (await readdir(dir)).filter((name) => name.startsWith('.') || name === 'cancelled-signed.exe'),
    ).toEqual([]);
  });
});
