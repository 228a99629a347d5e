import { readSync } from 'node:fs';
import type { EmbeddedReader } from '../format-module';

/**
 * An open file read in place for its structure (a compound file's tables and directory), never
 * whole: a read past the end returns what there is, which the structure's reader calls damage.
 */
export function fdReader(fd: number, size: number): EmbeddedReader {
  return {
    size,
    read(offset, length) {
      const start = Math.max(0, Math.min(offset, size));
      const bytes = Buffer.alloc(Math.max(0, Math.min(length, size - start)));
      let done = 0;
      while (done < bytes.length) {
        const got = readSync(fd, bytes, done, bytes.length - done, start + done);
        if (got === 0) break;
        done += got;
      }
      return new Uint8Array(bytes.buffer, bytes.byteOffset, done);
    },
  };
}
