import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..', '..');

/**
 * ../shared/peer-corpus: cases from other implementations' own tests and real signed files, run
 * through the built CLI by the corpus's own script (the global setup builds dist/ first). A
 * worktree sits one level deeper than the main checkout, so both places are looked at.
 */
const corpus = [
  process.env.SIGNET_PEER_CORPUS,
  join(ROOT, '..', 'shared', 'peer-corpus'),
  join(ROOT, '..', '..', 'shared', 'peer-corpus'),
].find((dir): dir is string => dir !== undefined && existsSync(join(dir, 'run')));

/**
 * Cases where Signet answers differently from the peer on purpose, each with the answer it gives
 * instead and why. A case listed here still fails if Signet's answer changes.
 */
const DELIBERATE = new Map([
  [
    'm-chm-wrong-info',
    {
      got: 'unknown-signer/exit 1',
      why: 'the signed comment names longComment.pub: a signature for another file is not a changed file',
    },
  ],
]);

/** `  WRONG name: want x, got y/exit n (…)` lines the list above does not explain. */
function unexplained(lines: readonly string[]): string[] {
  return lines.filter((line) => {
    const wrong = /^\s*WRONG (\S+): want \S+, got (\S+\/exit \d+)/.exec(line);
    return !(wrong && DELIBERATE.get(wrong[1] ?? '')?.got === wrong[2]);
  });
}

describe.skipIf(!corpus)('peer corpus', () => {
  it('gets every case right', async () => {
    const result = await promisify(execFile)(join(corpus!, 'run'), [ROOT], {
      maxBuffer: 16 * 1024 * 1024,
      timeout: 280_000,
    }).catch((error: { stdout?: string; stderr?: string }) => ({
      stdout: error.stdout ?? '',
      stderr: error.stderr ?? '',
    }));
    const lines = result.stdout.trim().split('\n');
    const last = lines.at(-1) ?? '';
    const match = /^(\d+)\/(\d+) peer cases right$/.exec(last);
    // The wrong cases, one per line, are the useful part of a failure.
    const wrong = lines.slice(0, -1);
    expect(unexplained(wrong), result.stderr).toEqual([]);
    expect(match, last).not.toBeNull();
    expect(Number(match![2])).toBeGreaterThan(0);
    expect(Number(match![1])).toBe(Number(match![2]) - wrong.length);
  }, 300_000);
});
