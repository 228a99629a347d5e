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
    expect(lines.slice(0, -1), result.stderr).toEqual([]);
    expect(match, last).not.toBeNull();
    expect(Number(match![2])).toBeGreaterThan(0);
    expect(match![1]).toBe(match![2]);
  }, 300_000);
});
