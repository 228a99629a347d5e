import { createHash, type Hash } from 'node:crypto';
import type { DigestAlgorithm } from './digest-algorithms';

/**
 * Everything one verification wants from one artifact, met in one read of one open file: plain
 * digests (list entries, minisign, SSH, the SHA-256 shown), H(prefix ‖ content) for Ed25519
 * without a prehash, H(content ‖ suffix) for OpenPGP, and the bytes themselves (capped) where a
 * format needs them. Plain data, so it crosses to the hash worker as it is.
 */
export interface ContentPlan {
  digests: DigestAlgorithm[];
  prefixed: { algorithm: 'sha512'; prefix: Uint8Array }[];
  suffixed: {
    algorithm: string;
    suffix: Uint8Array;
    prefix?: Uint8Array;
    canonicalText?: boolean;
  }[];
  /** H(only these [start, end) byte ranges), ascending and not overlapping. */
  ranged: { algorithm: string; ranges: (readonly [number, number])[] }[];
  /**
   * H(prefix ‖ these byte ranges, in the order given): a container's digest whose parts lie out of
   * file order (an MSI's streams). Read after the sequential pass, range by range.
   */
  scattered?: { algorithm: string; prefix?: Uint8Array; ranges: (readonly [number, number])[] }[];
  /** Keep the bytes (refused past `wholeMessageLimit`, before any is read). */
  wholeMessage: boolean;
}

export interface ContentResult {
  size: number;
  digests: Partial<Record<DigestAlgorithm, Uint8Array>>;
  prefixed: Uint8Array[];
  suffixed: Uint8Array[];
  ranged: Uint8Array[];
  /** One per `plan.scattered` entry; absent when the plan had none. */
  scattered?: Uint8Array[];
  message?: Uint8Array;
}

/**
 * Whether the plan needs the file read front to back: a plan of scattered hashes alone (an MSI's
 * digest) reads only their ranges, after no pass at all.
 */
export const needsPass = (plan: ContentPlan): boolean =>
  plan.digests.length > 0 ||
  plan.prefixed.length > 0 ||
  plan.suffixed.length > 0 ||
  (plan.ranged?.length ?? 0) > 0 ||
  plan.wholeMessage ||
  !plan.scattered?.length;

export const emptyPlan = (): ContentPlan => ({
  digests: [],
  prefixed: [],
  suffixed: [],
  ranged: [],
  wholeMessage: false,
});

/** Line ends made CRLF (OpenPGP text signatures), across chunk boundaries. */
class CanonicalText {
  private afterCr = false;
  constructor(private readonly hash: Hash) {}
  update(chunk: Uint8Array): void {
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      if (chunk[i] === 0x0a && !(i === 0 ? this.afterCr : chunk[i - 1] === 0x0d)) {
        this.hash.update(chunk.subarray(start, i));
        this.hash.update(CRLF);
        start = i + 1;
      }
    }
    this.hash.update(chunk.subarray(start));
    if (chunk.length > 0) this.afterCr = chunk[chunk.length - 1] === 0x0d;
  }
}
const CRLF = new Uint8Array([0x0d, 0x0a]);

/** Feeds every chunk to every hash the plan asks for; `finish` gives the answers. */
export class ContentHasher {
  private readonly digests: Array<[DigestAlgorithm, Hash]>;
  private readonly prefixed: Hash[];
  /** One running hash per (algorithm, text mode); each suffix is added to a copy at the end. */
  private readonly bases = new Map<string, { hash: Hash; text?: CanonicalText }>();
  private readonly ranged: Hash[];
  private readonly chunks: Buffer[] = [];
  private size = 0;

  constructor(private readonly plan: ContentPlan) {
    this.digests = [...new Set(plan.digests)].map((a) => [a, createHash(a)]);
    this.prefixed = plan.prefixed.map((p) => createHash(p.algorithm).update(p.prefix));
    this.ranged = (plan.ranged ?? []).map((r) => createHash(r.algorithm));
    for (const s of plan.suffixed) {
      const key = baseKey(s);
      if (this.bases.has(key)) continue;
      // A v6 OpenPGP signature's salt is hashed before the content.
      const hash = createHash(s.algorithm);
      if (s.prefix) hash.update(s.prefix);
      this.bases.set(key, { hash, ...(s.canonicalText ? { text: new CanonicalText(hash) } : {}) });
    }
  }

  update(chunk: Buffer): void {
    for (const [, hash] of this.digests) hash.update(chunk);
    for (const hash of this.prefixed) hash.update(chunk);
    for (const base of this.bases.values()) (base.text ?? base.hash).update(chunk);
    if (this.plan.wholeMessage) this.chunks.push(Buffer.from(chunk));
    (this.plan.ranged ?? []).forEach((r, index) => {
      const at = this.size;
      for (const [start, end] of r.ranges) {
        const from = Math.max(start, at);
        const to = Math.min(end, at + chunk.length);
        if (from < to) this.ranged[index]!.update(chunk.subarray(from - at, to - at));
      }
    });
    this.size += chunk.length;
  }

  finish(): ContentResult {
    const digests: ContentResult['digests'] = {};
    for (const [algorithm, hash] of this.digests) digests[algorithm] = new Uint8Array(hash.digest());
    return {
      size: this.size,
      digests,
      prefixed: this.prefixed.map((hash) => new Uint8Array(hash.digest())),
      suffixed: this.plan.suffixed.map((s) => {
        const base = this.bases.get(baseKey(s));
        return new Uint8Array(base ? base.hash.copy().update(s.suffix).digest() : new Uint8Array(0));
      }),
      ranged: this.ranged.map((hash) => new Uint8Array(hash.digest())),
      ...(this.plan.wholeMessage ? { message: new Uint8Array(Buffer.concat(this.chunks)) } : {}),
    };
  }

  /**
   * The answers to another plan from the running hashes of a passesPlan pass, or undefined when
   * they do not cover it.
   */
  answerFor(plan: ContentPlan): ContentResult | undefined {
    const passes = this.plan.suffixed.filter((s) => !s.prefix && !s.canonicalText).map((s) => s.algorithm);
    if (!passesCover(passes, plan)) return undefined;
    const running = (algorithm: string) => this.bases.get(baseKey({ algorithm }))!.hash.copy();
    const digests: ContentResult['digests'] = {};
    for (const algorithm of new Set(plan.digests))
      digests[algorithm] = new Uint8Array(running(algorithm).digest());
    return {
      size: this.size,
      digests,
      prefixed: [],
      suffixed: plan.suffixed.map((s) => new Uint8Array(running(s.algorithm).update(s.suffix).digest())),
      ranged: [],
    };
  }
}

/**
 * A plan of running hashes only, one per algorithm, started before the signature says what is
 * needed (core/hashing/early-content.ts): each answers a plain digest or a suffixed one at the end.
 */
export const passesPlan = (passes: readonly string[]): ContentPlan => ({
  ...emptyPlan(),
  suffixed: [...new Set(passes)].map((algorithm) => ({ algorithm, suffix: new Uint8Array(0) })),
});

/** Whether running hashes of these algorithms over the whole content answer every need of `plan`. */
export function passesCover(passes: readonly string[], plan: ContentPlan): boolean {
  return (
    plan.prefixed.length === 0 &&
    plan.ranged.length === 0 &&
    (plan.scattered?.length ?? 0) === 0 &&
    !plan.wholeMessage &&
    plan.digests.every((algorithm) => passes.includes(algorithm)) &&
    plan.suffixed.every((s) => passes.includes(s.algorithm) && !s.prefix && !s.canonicalText)
  );
}

const baseKey = (s: { algorithm: string; prefix?: Uint8Array; canonicalText?: boolean }) =>
  `${s.algorithm}:${s.canonicalText ? 'text' : 'binary'}:${s.prefix ? Buffer.from(s.prefix).toString('hex') : ''}`;
