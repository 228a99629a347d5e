import { fstatSync, readSync } from 'node:fs';
import { SignetError } from '../errors';
import { ContentHasher, type ContentPlan, type ContentResult } from './content-plan';
import type { DigestProgress } from './digest-algorithms';
import { assertUnchanged, fileChangedError, snapshotOf } from './file-snapshot';
import { CHUNK_SIZE, RING_DEPTH } from './read-file-chunks';

/**
 * One read of a file feeding hashes on two threads (issue 21): the leading worker reads each chunk
 * into a ring of shared buffers and hashes it, the following worker hashes the same bytes from the
 * ring. Reading a file twice from the page cache costs a copy of it on each core; on two cores
 * busy hashing that copy was all of `verify --json`'s cost over plain `verify`.
 *
 * The control words: how many chunks were written, how many the follower is done with, the
 * leader's state, and a sequence number that moves on every event the follower waits for (so
 * a wake-up is never missed between its check and its wait); then each slot's length.
 */
const WRITTEN = 0;
const CONSUMED = 1;
const STATE = 2;
const SEQUENCE = 3;
const HEADER = 4;
const RUNNING = 0;
const DONE = 1;
const FAILED = 2;
/** Waits wake at least this often, so a peer that died without a word never blocks a thread for good. */
const WAIT_MS = 1000;

export interface SharedRing {
  ring: SharedArrayBuffer;
  control: SharedArrayBuffer;
}

/**
 * 48 MiB: tens of milliseconds of either hash, so on a busy machine the scheduler can take one
 * thread away for a time slice without the other waiting (16 MiB lost to two separate reads there).
 * `ring`, when given, is the buffer to use (of exactly slots × chunkSize bytes): a WebAssembly
 * memory, say, so that code there can read the chunks in place.
 */
export function createSharedRing(
  slots = RING_DEPTH * 12,
  chunkSize = CHUNK_SIZE,
  ring = new SharedArrayBuffer(slots * chunkSize),
): SharedRing {
  if (ring.byteLength !== slots * chunkSize) throw new RangeError('The ring is not slots × chunkSize bytes.');
  return {
    ring,
    control: new SharedArrayBuffer((HEADER + slots) * Int32Array.BYTES_PER_ELEMENT),
  };
}

function layout({ ring, control }: SharedRing) {
  const words = new Int32Array(control);
  const slots = words.length - HEADER;
  return { words, slots, chunkSize: ring.byteLength / slots };
}

function announce(words: Int32Array): void {
  Atomics.add(words, SEQUENCE, 1);
  Atomics.notify(words, SEQUENCE);
}

/** A leader that cannot start (its file would not open) tells the follower, which stops. */
export function abandonSharedRing(shared: SharedRing): void {
  const { words } = layout(shared);
  Atomics.store(words, STATE, FAILED);
  announce(words);
}

/**
 * The leader: blocking reads of the open file into the ring, each chunk hashed here after the
 * follower may start on it. The file must keep its size and identity throughout, as in
 * readContentSync. Whatever goes wrong, the follower is told. A `hasher` given (the CLI's early
 * hash) keeps its running hashes for later answers.
 */
export function leadSharedRing(
  shared: SharedRing,
  fd: number,
  name: string,
  plan: ContentPlan,
  onProgress?: (progress: DigestProgress) => void,
  hasher = new ContentHasher(plan),
): ContentResult {
  const { words, slots, chunkSize } = layout(shared);
  try {
    const before = snapshotOf(fstatSync(fd));
    let done = 0;
    for (let index = 0; done < before.size; index++) {
      // A full ring is refilled from half empty: one wake-up per half ring, not one per chunk,
      // which on a busy machine each cost a trip through the scheduler.
      for (let free = index - Atomics.load(words, CONSUMED) < slots; !free; ) {
        const consumed = Atomics.load(words, CONSUMED);
        free = index - consumed <= slots / 2;
        if (free) break;
        if (Atomics.load(words, STATE) !== RUNNING) throw new SignetError('io', 'The hashing stopped.');
        Atomics.wait(words, CONSUMED, consumed, WAIT_MS);
      }
      const slot = index % slots;
      const view = new Uint8Array(shared.ring, slot * chunkSize, Math.min(chunkSize, before.size - done));
      if (readSync(fd, view, 0, view.length, done) !== view.length) throw fileChangedError(name);
      Atomics.store(words, HEADER + slot, view.length);
      Atomics.store(words, WRITTEN, index + 1);
      announce(words);
      hasher.update(Buffer.from(view.buffer, view.byteOffset, view.length));
      done += view.length;
      onProgress?.({ bytesDone: done, bytesTotal: before.size });
    }
    assertUnchanged(name, before, snapshotOf(fstatSync(fd)), done);
    Atomics.store(words, STATE, DONE);
    announce(words);
    return hasher.finish();
  } catch (error) {
    Atomics.store(words, STATE, FAILED);
    announce(words);
    throw error;
  }
}

/**
 * The follower: hashes every chunk the leader publishes, in order, until the leader is done. With
 * `fd`, each chunk is read back from that file at its place instead of taken from the ring: the
 * leader publishes a chunk once it is written there, so the hashes are of what the file holds. A
 * `hasher` given (the CLI's early hash) keeps its running hashes for later answers.
 */
export function followSharedRing(
  shared: SharedRing,
  plan: ContentPlan,
  { hasher = new ContentHasher(plan) }: { hasher?: ContentHasher } = {},
): ContentResult {
  const { words, slots, chunkSize } = layout(shared);
  try {
    return follow(words, slots, chunkSize, shared.ring, hasher);
  } catch (error) {
    // The leader must not wait for a follower that has stopped.
    Atomics.compareExchange(words, STATE, RUNNING, FAILED);
    Atomics.notify(words, CONSUMED);
    throw error;
  }
}

function follow(
  words: Int32Array,
  slots: number,
  chunkSize: number,
  ring: SharedArrayBuffer,
  hasher: ContentHasher,
): ContentResult {
  let index = 0;
  for (;;) {
    const sequence = Atomics.load(words, SEQUENCE);
    const state = Atomics.load(words, STATE);
    const written = Atomics.load(words, WRITTEN);
    if (index < written) {
      const slot = index % slots;
      const length = Atomics.load(words, HEADER + slot);
      hasher.update(Buffer.from(ring, slot * chunkSize, length));
      index++;
      Atomics.store(words, CONSUMED, index);
      // The leader waits for a half-empty ring (leadSharedRing).
      if (written - index <= slots / 2) Atomics.notify(words, CONSUMED);
      continue;
    }
    // The leader publishes its last chunk before its state, so DONE read after WRITTEN is final.
    if (state === DONE) break;
    if (state === FAILED) throw new SignetError('io', 'The read of the file failed.');
    Atomics.wait(words, SEQUENCE, sequence, WAIT_MS);
  }
  return hasher.finish();
}

/** Atomics.waitAsync (Node 16+), which this TypeScript library does not declare yet. */
const waitAsync = (
  Atomics as unknown as {
    waitAsync(
      array: Int32Array,
      index: number,
      value: number,
      timeout: number,
    ): { async: false; value: string } | { async: true; value: Promise<string> };
  }
).waitAsync.bind(Atomics);

/** The follower stopped (its own error says why), or the ring was failed: no slot will come free. */
export class RingStopped extends SignetError {
  constructor() {
    super('io', 'The hashing stopped.');
    this.name = 'RingStopped';
  }
}

/**
 * A leader for a thread that must not block (the app's main process): it fills the ring from
 * whatever source it has, awaiting a free slot without blocking, while a worker follows with
 * followSharedRing. Slots are taken (nextSlot) and published (publish) in the same order; a slot
 * is handed out again only once the follower is past its last use.
 */
export class RingPublisher {
  readonly #ring: SharedArrayBuffer;
  readonly #words: Int32Array;
  readonly #slots: number;
  readonly #chunkSize: number;
  #taken = 0;
  #published = 0;

  constructor(shared: SharedRing) {
    const { words, slots, chunkSize } = layout(shared);
    this.#ring = shared.ring;
    this.#words = words;
    this.#slots = slots;
    this.#chunkSize = chunkSize;
  }

  /** The buffer the next chunk goes into, once the follower has moved past its last use. */
  async nextSlot(): Promise<Uint8Array> {
    const words = this.#words;
    for (;;) {
      const consumed = Atomics.load(words, CONSUMED);
      if (this.#taken - consumed < this.#slots) break;
      if (Atomics.load(words, STATE) !== RUNNING) throw new RingStopped();
      const waited = waitAsync(words, CONSUMED, consumed, WAIT_MS);
      if (waited.async) await waited.value;
    }
    const slot = this.#taken++ % this.#slots;
    return new Uint8Array(this.#ring, slot * this.#chunkSize, this.#chunkSize);
  }

  /** The oldest slot taken and not yet published holds `length` bytes for the follower now. */
  publish(length: number): void {
    if (length > this.#chunkSize) throw new RangeError('A chunk is larger than a slot.');
    if (this.#published >= this.#taken) throw new RangeError('No slot is waiting to be published.');
    const slot = this.#published % this.#slots;
    Atomics.store(this.#words, HEADER + slot, length);
    this.#published++;
    Atomics.store(this.#words, WRITTEN, this.#published);
    announce(this.#words);
  }

  finish(): void {
    Atomics.store(this.#words, STATE, DONE);
    announce(this.#words);
  }

  /** The follower stops with an error instead of waiting for more, and so does a wait for a slot. */
  fail(): void {
    Atomics.compareExchange(this.#words, STATE, RUNNING, FAILED);
    announce(this.#words);
    Atomics.notify(this.#words, CONSUMED);
  }
}
