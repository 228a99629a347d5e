import { SignetError } from '../errors';

/**
 * A suffix of H(content ‖ suffix) that is not known when the read starts (issue 21): `signet sign`
 * starts reading a 1 GiB file while openpgp.js loads and the key is opened, and only the opened key
 * says what an OpenPGP signature hashes after the file. The hash worker hashes the content, then
 * waits here for the caller to write the suffix (or to give up) before it finishes.
 *
 * Layout: Int32 state (0 waiting, 1 written, 2 given up), Int32 length, then the bytes.
 */
const STATE = 0;
const LENGTH = 1;
const HEADER_BYTES = 8;
const WAITING = 0;
const WRITTEN = 1;
const GIVEN_UP = 2;
/** Waits wake this often, so a caller that died without a word never blocks a worker for good. */
const WAIT_MS = 1000;
/** An OpenPGP v4 signature's hashed part and trailer are a few dozen bytes. */
const MAX_SUFFIX_BYTES = 4096;

export function laterSuffix(): SharedArrayBuffer {
  return new SharedArrayBuffer(HEADER_BYTES + MAX_SUFFIX_BYTES);
}

/** The caller's side: the suffix is known now. */
export function provideSuffix(shared: SharedArrayBuffer, suffix: Uint8Array): void {
  if (suffix.length > MAX_SUFFIX_BYTES) throw new SignetError('usage', 'The signature trailer is too long.');
  const words = new Int32Array(shared, 0, 2);
  new Uint8Array(shared, HEADER_BYTES, suffix.length).set(suffix);
  Atomics.store(words, LENGTH, suffix.length);
  Atomics.store(words, STATE, WRITTEN);
  Atomics.notify(words, STATE);
}

/** The caller's side: the read is not wanted any more; the worker stops waiting and fails. */
export function giveUpSuffix(shared: SharedArrayBuffer): void {
  const words = new Int32Array(shared, 0, 2);
  if (Atomics.compareExchange(words, STATE, WAITING, GIVEN_UP) === WAITING) Atomics.notify(words, STATE);
}

/** The worker's side, once the content is hashed: blocks until the suffix is written. */
export function awaitSuffix(shared: SharedArrayBuffer): Uint8Array {
  const words = new Int32Array(shared, 0, 2);
  while (Atomics.load(words, STATE) === WAITING) Atomics.wait(words, STATE, WAITING, WAIT_MS);
  if (Atomics.load(words, STATE) !== WRITTEN) throw new SignetError('cancelled', 'Cancelled.');
  return new Uint8Array(shared, HEADER_BYTES, Atomics.load(words, LENGTH)).slice();
}
