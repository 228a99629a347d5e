import { spawn } from 'node:child_process';
import { CLI } from './run';

/** A prompt the program showed, and what the test types in answer (undefined: nothing, Ctrl-C). */
export type PromptAnswer = (prompt: string) => Promise<string | undefined>;

/**
 * Runs the built CLI in a pseudo-terminal (util-linux `script`), so it prompts as it does for a
 * person: each line ending in ": " that `isPrompt` matches is passed to `answer`, and the answer is
 * typed with Enter. Returns the exit status and everything the terminal showed.
 */
export function signetInTerminal(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  isPrompt: RegExp,
  answer: PromptAnswer,
): Promise<{ status: number; output: string; prompts: string[] }> {
  const quoted = [process.execPath, CLI, ...args].map((arg) => `'${arg.replace(/'/g, `'\\''`)}'`);
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...env };
  delete childEnv.SIGNET_PASSPHRASE;
  return new Promise((resolvePromise, reject) => {
    const child = spawn('script', ['-qfec', quoted.join(' '), '/dev/null'], {
      env: childEnv,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    let answeredUpTo = 0;
    const prompts: string[] = [];
    let busy = Promise.resolve();
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const pending = output.slice(answeredUpTo);
      const line = pending.split(/\r?\n/).pop() ?? '';
      if (!line.endsWith(': ') || !isPrompt.test(line)) return;
      answeredUpTo = output.length;
      prompts.push(line);
      busy = busy.then(async () => {
        const typed = await answer(line);
        child.stdin.write(typed === undefined ? '\u0003' : `${typed}\r`);
      });
    });
    child.on('error', reject);
    child.on('close', (code) => {
      void busy.then(() => resolvePromise({ status: code ?? 1, output, prompts }));
    });
  });
}
