import { printable } from '../../shared/printable';
import { CliExit } from './cli-error';
import { readInputFile } from './input-file';

export interface PassphraseSource {
  passphraseFile?: string;
}

/** A passphrase file holds one short line; anything larger is not one. */
const MAX_PASSPHRASE_FILE = 64 * 1024;

/**
 * --passphrase-file (its first line), then SIGNET_PASSPHRASE, then a prompt on the terminal
 * without echo. The file comes first: it was named on this very command, the environment may be
 * left over from an earlier one. Never from an argument: arguments are visible to every user in `ps`.
 */
export async function readPassphrase(
  source: PassphraseSource,
  prompt: string,
  /** `env`: the variables to read, first found wins (a command with two keys names one per key). */
  options: { confirm?: boolean; env?: readonly string[] } = {},
): Promise<string> {
  if (source.passphraseFile !== undefined) return readPassphraseFile(source.passphraseFile);
  for (const name of options.env ?? ['SIGNET_PASSPHRASE']) {
    const fromEnv = process.env[name];
    if (fromEnv !== undefined) return fromEnv;
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

async function readPassphraseFile(path: string): Promise<string> {
  const { bytes, stats } = await readInputFile(path, 'passphrase file', MAX_PASSPHRASE_FILE);
  // Windows has no such mode bits; elsewhere a secret others can read deserves a word.
  if (process.platform !== 'win32' && (stats.mode & 0o044) !== 0) {
    process.stderr.write(
      `signet: warning: ${printable(path)} can be read by other users; make it private (chmod 600).\n`,
    );
  }
  return bytes.toString('utf8').split(/\r?\n/, 1)[0] ?? '';
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
