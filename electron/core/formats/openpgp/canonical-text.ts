import type { Hash } from 'node:crypto';

const CRLF = Uint8Array.of(13, 10);
const CR = 13;
const LF = 10;

/**
 * Feeds a hash the text-mode form of a byte stream, chunk by chunk, as gpg's text filter makes it:
 * every line ends in CRLF, and carriage returns just before a line end (or the end) are dropped.
 * Needs no look-back beyond a count of pending CRs, so chunk borders never matter.
 */
export class CanonicalTextFeed {
  private pendingCr = 0;

  constructor(private readonly hash: Hash) {}

  update(chunk: Uint8Array): void {
    let start = 0;
    for (let nl = chunk.indexOf(LF, start); nl >= 0; nl = chunk.indexOf(LF, start)) {
      const end = trimCr(chunk, start, nl);
      if (end > start) {
        this.flushCr();
        this.hash.update(chunk.subarray(start, end));
      }
      this.pendingCr = 0;
      this.hash.update(CRLF);
      start = nl + 1;
    }
    const end = trimCr(chunk, start, chunk.length);
    if (end > start) {
      this.flushCr();
      this.hash.update(chunk.subarray(start, end));
    }
    this.pendingCr += chunk.length - end;
  }

  /** Trailing CRs at the very end are dropped, as a line end would drop them. */
  finish(): void {
    this.pendingCr = 0;
  }

  private flushCr(): void {
    if (this.pendingCr > 0) this.hash.update(new Uint8Array(this.pendingCr).fill(CR));
    this.pendingCr = 0;
  }
}

function trimCr(chunk: Uint8Array, start: number, end: number): number {
  let e = end;
  while (e > start && chunk[e - 1] === CR) e--;
  return e;
}
