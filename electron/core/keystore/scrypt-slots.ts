/**
 * At most two scrypt runs at a time in this process: each of minisign's takes about 1 GiB, so many
 * unlock or import requests at once must wait their turn rather than exhaust memory.
 */
const SCRYPT_CONCURRENCY = 2;

class Slots {
  #active = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    // A finishing task hands its slot straight to the next waiter, so no newcomer can slip in between.
    if (this.#active >= this.limit) await new Promise<void>((wake) => this.#waiting.push(wake));
    else this.#active += 1;
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#active -= 1;
    }
  }

  /** Runs in progress now (for tests). */
  get active(): number {
    return this.#active;
  }
}
export const scryptSlots = new Slots(SCRYPT_CONCURRENCY);
