import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

export interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs a program to completion; never throws for a non-zero exit (tests assert on status). */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string | Uint8Array } = {},
): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolvePromise({
        status: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    );
    // A program that exits without reading its input is not an error of the test.
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
  });
}

export const CLI = resolve(__dirname, '../../dist/cli/signet.mjs');

/** The built CLI, with its config folder pointed at a test folder so no real trust list is touched. */
export function signet(
  args: readonly string[],
  configDir: string,
  env: NodeJS.ProcessEnv = {},
): Promise<RunResult> {
  return run(process.execPath, [CLI, ...args], {
    env: {
      SIGNET_CONFIG_DIR: configDir,
      SIGNET_MANAGED_TRUST_FILE: resolve(configDir, 'managed-trust.json'),
      NO_COLOR: '1',
      ...env,
    },
  });
}
