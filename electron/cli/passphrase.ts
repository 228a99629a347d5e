import { readFile } from 'node:fs/promises';
import { CliExit } from './cli-error';

export interface PassphraseSource {
  passphraseFile?: string;
}

/**
 * SIGNET_PASSPHRASE, then --passphrase-file (its first line), then a prompt on the terminal
 * without echo. Never from an argument: arguments are visible to every user in `ps`.
 */
export async function readPassphrase(
  source: PassphraseSource,
  prompt: string,
  options: { confirm?: boolean } = {},
): Promise<string> {
  const fromEnv = process.env.SIGNET_PASSPHRASE;
  if (fromEnv !== undefined) return fromEnv;
  if (source.passphraseFile) {
    const text = await readFile(source.passphraseFile, 'utf8');
    return text.split(/\r?\n/, 1)[0] ?? '';
  }
  if (!process.stdin.isTTY || !process.stderr.isTTY) {
    throw new CliExit(
      2,
      'A passphrase is needed: set SIGNET_PASSPHRASE, use --passphrase-file, or run in a terminal.',
    );
  }
  const first = await promptHidden(prompt);
  if (options.confirm) {
    const second = await promptHidden('Enter it again: ');
    if (first !== second) throw new CliExit(2, 'The two passphrases differ; nothing was written.');
  }
  return first;
}

function promptHidden(prompt: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const stdin = process.stdin;
    process.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    let value = '';
    const finish = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolvePromise(value);
    };
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003') return finish(new CliExit(130, 'Cancelled.'));
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}
