// Does the idle download watcher cost anything? Two processes idle side by side for the
// same time, one with the watcher on a folder and one without; each reports its own CPU time (user +
// system, process.cpuUsage) over the idle period.
//   npx tsx bench/downloads-idle.ts [seconds]      (default 60)
import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DownloadWatcher } from '../electron/main/downloads/download-watcher';

const seconds = Number(process.argv[2] ?? process.env.SIGNET_IDLE_SECONDS ?? 60);

interface Report {
  watcher: boolean;
  cpuMs: number;
}

async function child(withWatcher: boolean): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'signet-idle-'));
  let watcher: DownloadWatcher | null = null;
  if (withWatcher) {
    watcher = new DownloadWatcher({ dir, onFinished: () => {} });
    watcher.start();
  }
  // Settle start-up work (module loading, JIT) before measuring.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const hook = setInterval(() => {}, 1 << 30); // keeps both processes alive the same way
  const before = process.cpuUsage();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const used = process.cpuUsage(before);
  clearInterval(hook);
  watcher?.stop();
  await rm(dir, { recursive: true, force: true });
  const report: Report = { watcher: withWatcher, cpuMs: (used.user + used.system) / 1000 };
  process.send?.(report);
}

async function parent(): Promise<void> {
  const run = (withWatcher: boolean) =>
    new Promise<Report>((resolve, reject) => {
      const proc = fork(process.argv[1] ?? '', [String(seconds)], {
        env: { ...process.env, SIGNET_IDLE_CHILD: withWatcher ? 'watch' : 'none' },
        execArgv: process.execArgv,
      });
      proc.once('message', (message) => resolve(message as Report));
      proc.once('error', reject);
    });
  const [without, withWatcher] = await Promise.all([run(false), run(true)]);
  console.log(`idle ${seconds} s, CPU time of the process:`);
  console.log(`  without the watcher: ${without.cpuMs.toFixed(1)} ms`);
  console.log(`  with the watcher:    ${withWatcher.cpuMs.toFixed(1)} ms`);
  console.log(`  difference:          ${(withWatcher.cpuMs - without.cpuMs).toFixed(1)} ms`);
}

const role = process.env.SIGNET_IDLE_CHILD;
if (role === 'watch' || role === 'none') void child(role === 'watch');
else void parent();
