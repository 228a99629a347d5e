import type { FileHandle } from 'node:fs/promises';

export const COPY_CHUNK = 1 << 20;
/**
 * The most one write hands the kernel. Linux (6.x, ext4) gives a buffered write page-cache folios
 * as large as the write, up to 2 MiB, and copying into fresh large folios was slow on the test VM:
 * with this buffer's 4 MiB writes, perf put the kernel's copy into the page cache
 * (copy_folio_from_iter_atomic) at 22 % of a 200 MB MSI signing's samples. 256 KiB pieces is what
 * the PE path measured as cheap (pe-sign.ts).
 */
const WRITE_PIECE = 256 * 1024;

/**
 * Front-to-back writes through one buffer, so stream copies land in it without a second copy.
 * Nothing is synced on the way: a datasync every 32 MiB during the copy cost ~0.25 s of system
 * time on a 200 MB package and held the copy up (the PE path measured the same); one sync started
 * once the copy ends (startSync) overlaps the signature and its timestamp instead. `onWritten` is
 * told how many bytes from the start are written each time a write completes.
 */
export class SequentialWriter {
  readonly #out: FileHandle;
  readonly #buffer = Buffer.allocUnsafeSlow(4 * COPY_CHUNK);
  readonly #syncs: Promise<void>[] = [];
  readonly #onWritten: ((bytes: number) => void) | undefined;
  #used = 0;
  #flushed = 0;
  written = 0;

  constructor(out: FileHandle, onWritten?: (bytes: number) => void) {
    this.#out = out;
    this.#onWritten = onWritten;
  }

  /** Room for `length` bytes (at most COPY_CHUNK) at the buffer's end, to fill then `commit`. */
  async reserve(length: number): Promise<Buffer> {
    await this.#roomFor(length);
    return this.#buffer.subarray(this.#used, this.#used + length);
  }

  commit(length: number): void {
    this.#used += length;
    this.written += length;
  }

  async write(bytes: Uint8Array): Promise<void> {
    for (let at = 0; at < bytes.length; ) {
      await this.#roomFor(1);
      const take = Math.min(bytes.length - at, this.#buffer.length - this.#used);
      this.#buffer.set(bytes.subarray(at, at + take), this.#used);
      this.commit(take);
      at += take;
    }
  }

  async zeros(count: number): Promise<void> {
    await this.write(Buffer.alloc(count));
  }

  /** Writes what the buffer holds, a piece at a time; `onWritten` hears of each piece. */
  async flush(): Promise<void> {
    let at = 0;
    while (at < this.#used) {
      const length = Math.min(WRITE_PIECE, this.#used - at);
      const { bytesWritten } = await this.#out.write(this.#buffer, at, length, this.#flushed + at);
      at += bytesWritten;
      this.#onWritten?.(this.#flushed + at);
    }
    this.#flushed += this.#used;
    this.#used = 0;
  }

  /** Asks the disk to catch up with what was written so far, without waiting for it. */
  startSync(): void {
    const sync = this.#out.datasync();
    // Awaited by flushedToDisk(); handled now so a failure is never "unhandled".
    sync.catch(() => {});
    this.#syncs.push(sync);
  }

  /** The disk's catching up asked for on the way: a failure there is a failed write. */
  async flushedToDisk(): Promise<void> {
    await Promise.all(this.#syncs);
  }

  async #roomFor(length: number): Promise<void> {
    if (this.#used + length > this.#buffer.length) await this.flush();
  }
}
