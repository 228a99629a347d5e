import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SuffixedDigests } from '../../electron/core/formats/openpgp/suffixed-digest';

/** The reference: gpg's text filter on the whole input at once (CRs before a line end dropped). */
function canonical(bytes: Uint8Array): Buffer {
  const text = Buffer.from(bytes).toString('latin1');
  const lines = text.split('\n').map((l) => l.replace(/\r+$/, ''));
  return Buffer.from(lines.join('\r\n'), 'latin1');
}

function chunked(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let at = 0;
  for (const p of points) {
    chunks.push(bytes.subarray(at, p));
    at = p;
  }
  chunks.push(bytes.subarray(at));
  return chunks;
}

const bytesWithLineEnds = fc
  .array(fc.constantFrom(10, 13, 32, 97, 98), { maxLength: 200 })
  .map((a) => Uint8Array.from(a));

describe('one read, several suffixes', () => {
  it('H(prefix ‖ content ‖ suffix) equals the one-shot hash, whatever the chunking', () => {
    fc.assert(
      fc.property(
        bytesWithLineEnds,
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.uint8Array({ maxLength: 40 }),
        (content, cuts, suffix) => {
          const prefix = Uint8Array.from([1, 2, 3]);
          const needs = [
            { kind: 'hash-then-suffix' as const, algorithm: 'sha256' as const, suffix },
            { kind: 'hash-then-suffix' as const, algorithm: 'sha256' as const, suffix: Uint8Array.of(9) },
            { kind: 'hash-then-suffix' as const, algorithm: 'sha512' as const, suffix, prefix },
            { kind: 'hash-then-suffix' as const, algorithm: 'sha256' as const, suffix, canonicalText: true },
          ];
          const digests = new SuffixedDigests(needs);
          for (const chunk of chunked(content, cuts)) digests.update(chunk);
          const [a, b, c, d] = digests.finish().map((x) => Buffer.from(x).toString('hex'));
          const h = (alg: string, ...parts: Uint8Array[]) => {
            const hash = createHash(alg);
            for (const p of parts) hash.update(p);
            return hash.digest('hex');
          };
          expect(a).toBe(h('sha256', content, suffix));
          expect(b).toBe(h('sha256', content, Uint8Array.of(9)));
          expect(c).toBe(h('sha512', prefix, content, suffix));
          expect(d).toBe(h('sha256', canonical(content), suffix));
        },
      ),
      { numRuns: 500 },
    );
  });
});
