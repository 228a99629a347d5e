import { createHash } from 'node:crypto';
import type { ContentPlan } from './content-plan';

/**
 * What a plan costs per byte on this machine, to choose which of two workers sharing one read also
 * reads (issue 21): the read's copy must ride on the lighter share, or it adds to the slower hash.
 * Which hash is lighter depends on the processor (SHA-256 is half BLAKE2b-512's cost with SHA
 * extensions, and more without), so each algorithm is timed once per process over a small buffer.
 */
export function planCost(plan: ContentPlan): number {
  const passes = [
    ...plan.digests,
    ...plan.prefixed.map((p) => p.algorithm),
    ...new Set(plan.suffixed.map((s) => s.algorithm)),
    ...plan.ranged.map((r) => r.algorithm),
  ];
  return passes.reduce((sum, algorithm) => sum + costOf(algorithm), 0);
}

const PROBE_BYTES = 128 * 1024;
const measured = new Map<string, number>();
let probe: Buffer | undefined;

/** Milliseconds for PROBE_BYTES, the fastest of two runs (after a first small call loads the algorithm). */
function costOf(algorithm: string): number {
  let cost = measured.get(algorithm);
  if (cost === undefined) {
    probe ??= Buffer.alloc(PROBE_BYTES, 0x5a);
    createHash(algorithm).update(probe.subarray(0, 4096)).digest();
    cost = Number.POSITIVE_INFINITY;
    for (let run = 0; run < 2; run++) {
      const start = performance.now();
      createHash(algorithm).update(probe).digest();
      cost = Math.min(cost, performance.now() - start);
    }
    measured.set(algorithm, cost);
  }
  return cost;
}
