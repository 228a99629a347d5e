import { createHash, type Hash } from 'node:crypto';
import type { ContentNeed } from '../format-module';
import { CanonicalTextFeed } from './canonical-text';

type SuffixNeed = Extract<ContentNeed, { kind: 'hash-then-suffix' }>;

interface Lane {
  hash: Hash;
  text?: CanonicalTextFeed;
}

/**
 * H(prefix ‖ content ‖ suffix) for each need, in one pass over the content: needs that share an
 * algorithm, text mode and prefix share one hash state, copied at the end once per suffix (as the
 * earlier sqv did). The shared hashing worker is meant to take this over.
 */
export class SuffixedDigests {
  private readonly lanes = new Map<string, Lane>();
  private readonly laneOf: string[];

  constructor(private readonly needs: readonly SuffixNeed[]) {
    this.laneOf = needs.map((need) => {
      const prefix = need.prefix ?? new Uint8Array(0);
      const key = `${need.algorithm}/${need.canonicalText ? 't' : 'b'}/${Buffer.from(prefix).toString('hex')}`;
      if (!this.lanes.has(key)) {
        const hash = createHash(need.algorithm).update(prefix);
        this.lanes.set(key, need.canonicalText ? { hash, text: new CanonicalTextFeed(hash) } : { hash });
      }
      return key;
    });
  }

  update(chunk: Uint8Array): void {
    for (const lane of this.lanes.values()) {
      if (lane.text) lane.text.update(chunk);
      else lane.hash.update(chunk);
    }
  }

  /** One digest per need, in the order the needs were given. */
  finish(): Uint8Array[] {
    for (const lane of this.lanes.values()) lane.text?.finish();
    return this.needs.map((need, i) => {
      const lane = this.lanes.get(this.laneOf[i] ?? '') as Lane;
      return new Uint8Array(lane.hash.copy().update(need.suffix).digest());
    });
  }
}

export function isSuffixNeed(need: ContentNeed): need is SuffixNeed {
  return need.kind === 'hash-then-suffix';
}

/** The digests a signature's needs ask for, over bytes already in memory (a cleartext message's signed text). */
export function digestBytesWithSuffixes(bytes: Uint8Array, needs: readonly ContentNeed[]): Uint8Array[] {
  const digests = new SuffixedDigests(needs.filter(isSuffixNeed));
  digests.update(bytes);
  return digests.finish();
}
