import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run } from './run';
import type { Issued } from './x509-ca';

export const SOFTHSM_MODULE = '/usr/lib/softhsm/libsofthsm2.so';

export interface SoftToken {
  label: string;
  pin: string;
  /** Removes the token's folder and config; the environment points nowhere afterwards. */
  remove(): Promise<void>;
}

async function must(command: string, args: string[], env?: NodeJS.ProcessEnv): Promise<void> {
  const result = await run(command, args, { env });
  if (result.status !== 0) throw new Error(`${command} ${args[0]} failed: ${result.stdout}${result.stderr}`);
}

/**
 * A SoftHSM2 token of its own: a token folder and config under `dir`, SOFTHSM2_CONF pointed at it
 * for this process (the module reads it each time it is initialised) and for the tools.
 */
export async function softToken(dir: string, label: string, pin = '1234'): Promise<SoftToken> {
  const home = join(dir, `softhsm-${label}`);
  await mkdir(join(home, 'tokens'), { recursive: true });
  const conf = join(home, 'softhsm2.conf');
  await writeFile(
    conf,
    `directories.tokendir = ${join(home, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`,
  );
  process.env.SOFTHSM2_CONF = conf;
  await must('softhsm2-util', ['--init-token', '--free', '--label', label, '--pin', pin, '--so-pin', '5678']);
  return {
    label,
    pin,
    remove: () => rm(home, { recursive: true, force: true }),
  };
}

/** A second token beside `token`, in the same SoftHSM2 configuration (another slot of one module). */
export async function anotherToken(token: SoftToken, label: string): Promise<SoftToken> {
  await must('softhsm2-util', [
    '--init-token',
    '--free',
    '--label',
    label,
    '--pin',
    token.pin,
    '--so-pin',
    '5678',
  ]);
  return { label, pin: token.pin, remove: async () => {} };
}

/** Puts a private key (with `id`, hex) and, when given, a certificate with the same id on the token. */
export async function importKey(
  token: SoftToken,
  dir: string,
  key: Issued | undefined,
  cert: string | undefined,
  id: string,
  objectLabel: string,
): Promise<void> {
  if (key) {
    const pk8 = join(dir, `${objectLabel}-${id}.pk8`);
    await must('openssl', ['pkcs8', '-topk8', '-nocrypt', '-in', key.key, '-out', pk8]);
    await must('softhsm2-util', [
      '--import',
      pk8,
      '--token',
      token.label,
      '--label',
      objectLabel,
      '--id',
      id,
      '--pin',
      token.pin,
    ]);
  }
  if (cert) {
    const der = join(dir, `${objectLabel}-${id}.der`);
    await must('openssl', ['x509', '-in', cert, '-outform', 'der', '-out', der]);
    await must('pkcs11-tool', [
      '--module',
      SOFTHSM_MODULE,
      '--token-label',
      token.label,
      '--login',
      '--pin',
      token.pin,
      '--write-object',
      der,
      '--type',
      'cert',
      '--id',
      id,
      '--label',
      objectLabel,
    ]);
  }
}
