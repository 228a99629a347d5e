import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll } from 'vitest';

const made: string[] = [];

// Registered when a test file imports this helper: a hook registered later, from inside a
// beforeAll, never runs, and its folder (and any gpg agent in it) was left behind.
afterAll(async () => {
  for (const dir of made.splice(0)) {
    await stopGpgAgentsUnder(dir);
    await rm(dir, { recursive: true, force: true });
  }
});

/** A fresh folder for one test file, removed when the file's tests end. */
export async function tempDir(prefix = 'signet-test-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/**
 * gpg starts an agent per home folder that outlives the test, each holding two inotify instances:
 * a run that left them behind exhausts the user's 128 and fs.watch fails elsewhere (EMFILE).
 */
async function stopGpgAgentsUnder(dir: string): Promise<void> {
  let listing: string;
  try {
    listing = (await promisify(execFile)('pgrep', ['-a', 'gpg-agent'])).stdout;
  } catch {
    return; // none running, or no pgrep
  }
  for (const line of listing.split('\n')) {
    const [pid, ...args] = line.trim().split(' ');
    const home = args[args.indexOf('--homedir') + 1];
    if (pid && home?.startsWith(dir)) {
      try {
        process.kill(Number(pid));
      } catch {
        // already gone
      }
    }
  }
}
