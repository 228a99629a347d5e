import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface Command {
  file: string;
  args: string[];
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** Keep stdout (small outputs only; the timed runs send it to /dev/null like a shell would). */
  captureStdout?: boolean;
}

export interface Run {
  ms: number;
  /** Peak resident set size, KiB, from /proc/<pid>/status VmHWM. */
  peakRssKiB: number | undefined;
  stdout: string;
}

/** How often VmHWM is sampled; it is a high-water mark, so a late sample still sees an early peak. */
const RSS_POLL_MS = 4;

/**
 * Runs a command to completion, timing it from spawn to exit, and with `pollRss` polling its peak
 * RSS. The timed runs do not poll: reading /proc every 4 ms costs the bench CPU on a machine whose
 * two cores Signet (hashing + reads) uses more of than the C tools, so polling would tilt the
 * comparison. Throws with the command's stderr when it exits non-zero, so a broken tool can never
 * pass for a fast one.
 */
export function measure(
  command: Command,
  options: { pollRss?: boolean } = {},
  timeoutMs = 15 * 60_000,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command.file, command.args, {
      cwd: command.cwd,
      env: command.env ?? process.env,
      stdio: ['ignore', command.captureStdout ? 'pipe' : 'ignore', 'pipe'],
    });
    let peak: number | undefined;
    const sample = () => {
      try {
        const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (match) peak = Math.max(peak ?? 0, Number(match[1]));
      } catch {
        // Gone already; the last sample stands.
      }
    };
    const poll = options.pollRss ? setInterval(sample, RSS_POLL_MS) : undefined;
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (data: Buffer) => {
      stdout += data.toString();
    });
    child.stderr?.on('data', (data: Buffer) => {
      if (stderr.length < 8192) stderr += data.toString();
    });
    if (options.pollRss) child.on('spawn', sample);
    child.on('error', (error) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(error);
    });
    let ms = 0;
    // Timed to exit; 'close' comes later, once the pipes are drained.
    child.on('exit', () => {
      ms = performance.now() - started;
    });
    child.on('close', (code, signal) => {
      clearInterval(poll);
      clearTimeout(timer);
      if (code !== 0) {
        const shown = [command.file, ...command.args].join(' ');
        reject(new Error(`${shown} exited with ${code ?? signal}:\n${stderr.trim()}`));
        return;
      }
      resolve({ ms, peakRssKiB: peak, stdout });
    });
  });
}
