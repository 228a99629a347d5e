import { SignetError } from '../errors';
import type { ContentPlan, ContentResult } from './content-plan';
import { hashScattered, readFromFd } from './scattered-hash';

/**
 * How much of a file being written front to back is written, shared with a worker that hashes
 * parts of it back from the file meanwhile, in any order, each part once it is written: signing an
 * MSI copies its streams in its digest's order, so the digest (of what the copy holds) follows the
 * copy instead of coming after it or from the source. The words: bytes written (a compound file
 * Signet writes stays under 2 GiB), the writer's state, and a sequence number that moves on every
 * change (so a wake-up is never missed between a check and a wait), and the end the reader waits
 * for: the writer wakes it only once that end is written. The writer reports every 256 KiB piece
 * and the reader reads 1 MiB at a time, so waking it on every report was three wasted wake-ups in
 * four, each a futex call and a thread switch on a machine whose two cores are both busy.
 */
const WRITTEN = 0;
const STATE = 1;
const SEQUENCE = 2;
const NEEDED = 3;
const RUNNING = 0;
const DONE = 1;
const FAILED = 2;
/** Waits wake at least this often, so a writer that died without a word never blocks a thread for good. */
const WAIT_MS = 1000;

export function createWrittenSoFar(): SharedArrayBuffer {
  return new SharedArrayBuffer(4 * Int32Array.BYTES_PER_ELEMENT);
}

/** The writer's side: what it has written, then that it is done (or failed, which stops the reader). */
export class WrittenSoFar {
  readonly #words: Int32Array;

  constructor(shared: SharedArrayBuffer) {
    this.#words = new Int32Array(shared);
  }

  /** The first `bytes` bytes of the file are written (their writes have completed). */
  advance(bytes: number): void {
    if (bytes > 0x7fffffff) throw new RangeError('The file is too large to follow.');
    if (bytes <= Atomics.load(this.#words, WRITTEN)) return;
    Atomics.store(this.#words, WRITTEN, bytes);
    Atomics.add(this.#words, SEQUENCE, 1);
    // After the sequence moved: a reader that asks for more after this check sees the new
    // sequence before it waits, so it never sleeps through this write.
    if (Atomics.load(this.#words, NEEDED) <= bytes) Atomics.notify(this.#words, SEQUENCE);
  }

  /** Nothing more will be written for the reader: a part past what is written is past the end. */
  finish(): void {
    Atomics.compareExchange(this.#words, STATE, RUNNING, DONE);
    this.#announce();
  }

  fail(): void {
    Atomics.compareExchange(this.#words, STATE, RUNNING, FAILED);
    this.#announce();
  }

  #announce(): void {
    Atomics.add(this.#words, SEQUENCE, 1);
    Atomics.notify(this.#words, SEQUENCE);
  }
}

/**
 * The reader's side (a worker: it blocks): the plan's scattered hashes read from `fd`, each part
 * waited for until the writer has written past it. A part the writer never writes (it finished
 * short of it) is a file shorter than its layout, and the writer's failure stops the reading.
 */
export function hashScatteredAsWritten(
  shared: SharedArrayBuffer,
  fd: number,
  name: string,
  plan: ContentPlan,
): ContentResult {
  const words = new Int32Array(shared);
  const read = readFromFd(fd);
  const waitFor = (end: number) => {
    Atomics.store(words, NEEDED, end);
    for (;;) {
      const sequence = Atomics.load(words, SEQUENCE);
      if (Atomics.load(words, WRITTEN) >= end) return;
      const state = Atomics.load(words, STATE);
      if (state === DONE) return;
      if (state === FAILED) throw new SignetError('io', 'The hashing stopped.');
      Atomics.wait(words, SEQUENCE, sequence, WAIT_MS);
    }
  };
  const scattered = hashScattered(
    plan.scattered ?? [],
    (buffer, length, position) => {
      waitFor(position + length);
      return read(buffer, length, position);
    },
    name,
  );
  return {
    size: Atomics.load(words, WRITTEN),
    digests: {},
    prefixed: [],
    suffixed: [],
    ranged: [],
    scattered,
  };
}
