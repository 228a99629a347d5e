import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunResult, run } from './run';

/**
 * A throw-away GnuPG home for one test file: keys and signatures are made by the real gpg at test
 * time, never copied in. Socket paths must stay short, so it lives directly under the temp folder.
 */
export interface GpgHome {
  dir: string;
  /** Runs gpg in batch mode with an empty passphrase; `time` fakes the clock (`--faked-system-time`). */
  gpg(args: readonly string[], options?: { time?: Date; input?: string | Uint8Array }): Promise<RunResult>;
  /** Makes a key; returns its primary fingerprint. */
  genKey(userId: string, algo: string, usage: string, expire: string, time?: Date): Promise<string>;
  /** Adds a subkey to `fpr`; returns the new subkey's fingerprint. */
  addKey(fpr: string, algo: string, usage: string, expire: string, time?: Date): Promise<string>;
  /** Armored public certificate of `fpr`. */
  exportCert(fpr: string, armor?: boolean): Promise<string | Uint8Array>;
  /** Writes `content` to a file in the home and returns its path. */
  file(name: string, content: string | Uint8Array): Promise<string>;
  close(): Promise<void>;
}

function gpgTime(date: Date): string {
  // Frozen clock ("!") so keys and signatures made in one call share the same second.
  return `${Math.floor(date.getTime() / 1000)}!`;
}

export async function makeGpgHome(): Promise<GpgHome> {
  const dir = await mkdtemp(join(tmpdir(), 'sg-'));
  await chmod(dir, 0o700);
  const env = { GNUPGHOME: dir, LC_ALL: 'C', TZ: 'UTC' };
  const gpg: GpgHome['gpg'] = (args, options = {}) =>
    run(
      'gpg',
      [
        '--batch',
        '--no-tty',
        '--pinentry-mode',
        'loopback',
        '--passphrase',
        '',
        ...(options.time ? ['--faked-system-time', gpgTime(options.time)] : []),
        ...args,
      ],
      { env, input: options.input },
    );
  const newest = async (fpr: string | undefined, kind: 'fpr'): Promise<string> => {
    const listed = await gpg(['--with-colons', '--list-keys', ...(fpr ? [fpr] : [])]);
    const fprs = listed.stdout
      .split('\n')
      .filter((l) => l.startsWith(`${kind}:`))
      .map((l) => l.split(':')[9] ?? '');
    return fprs[fprs.length - 1] ?? '';
  };
  const must = (result: RunResult, what: string): RunResult => {
    if (result.status !== 0) throw new Error(`gpg ${what} failed: ${result.stderr}`);
    return result;
  };
  return {
    dir,
    gpg,
    async genKey(userId, algo, usage, expire, time) {
      must(await gpg(['--yes', '--quick-gen-key', userId, algo, usage, expire], { time }), 'quick-gen-key');
      // The newest primary key is the last `pub` listed; its fingerprint is the next `fpr` line.
      const lines = (await gpg(['--with-colons', '--list-keys'])).stdout.split('\n');
      const lastPub = lines.map((l) => l.startsWith('pub:')).lastIndexOf(true);
      const line = lines.slice(lastPub).find((l) => l.startsWith('fpr:'));
      return line?.split(':')[9] ?? '';
    },
    async addKey(fpr, algo, usage, expire, time) {
      must(await gpg(['--quick-add-key', fpr, algo, usage, expire], { time }), 'quick-add-key');
      return newest(fpr, 'fpr');
    },
    async exportCert(fpr, armor = true) {
      const result = await run('gpg', ['--batch', ...(armor ? ['--armor'] : []), '--export', fpr], {
        env,
      });
      if (armor) return result.stdout;
      // The run helper decodes stdout as UTF-8; binary export goes through a file instead.
      const out = join(dir, `cert-${fpr}.gpg`);
      must(await gpg(['--yes', '--output', out, '--export', fpr]), 'export');
      const { readFile } = await import('node:fs/promises');
      return new Uint8Array(await readFile(out));
    },
    async file(name, content) {
      const path = join(dir, name);
      await writeFile(path, content);
      return path;
    },
    async close() {
      await run('gpgconf', ['--kill', 'all'], { env });
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The status tokens gpg/gpgv wrote (`[GNUPG:] GOODSIG …` → "GOODSIG"), in order. */
export function statusTokens(output: string): string[] {
  return output
    .split('\n')
    .filter((l) => l.startsWith('[GNUPG:] '))
    .map((l) => l.slice(9).split(' ')[0] ?? '');
}
