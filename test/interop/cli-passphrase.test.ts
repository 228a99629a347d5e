import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatMinisignPublicKey } from '../../electron/core/formats/minisign/public-key';
import {
  formatMinisignSecretKey,
  generateMinisignKeyPair,
} from '../../electron/core/formats/minisign/secret-key';
import { run, signet } from '../helpers/run';
import { tempDir } from '../helpers/temp-dir';

// Where the CLI takes a passphrase from: --passphrase-file beats SIGNET_PASSPHRASE, a file others
// can read gets a warning, and the help says where passphrases come from. The key is encrypted
// with scrypt limits far below minisign's (the format stores them), so each unlock is quick.

const CHEAP_KDF = { opsLimit: 1 << 16, memLimit: 16 << 20 };

let dir: string;
let config: string;
let keyFile: string;
let pubFile: string;

beforeAll(async () => {
  dir = await tempDir('signet-passphrase-');
  config = join(dir, 'config');
  const key = generateMinisignKeyPair();
  keyFile = join(dir, 'enc.key');
  pubFile = join(dir, 'enc.pub');
  await writeFile(keyFile, await formatMinisignSecretKey(key, 'right one', CHEAP_KDF));
  await writeFile(pubFile, formatMinisignPublicKey(key));
});

async function passphraseFile(name: string, text: string, mode: number): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  await chmod(path, mode);
  return path;
}

describe('--passphrase-file and SIGNET_PASSPHRASE', () => {
  it('the file beats the environment: right file + wrong env signs, and minisign accepts it', async () => {
    const file = await passphraseFile('right.txt', 'right one\nsecond line ignored\n', 0o600);
    await writeFile(join(dir, 'a.txt'), 'artifact a');
    const r = await signet(
      ['sign', join(dir, 'a.txt'), '--key', keyFile, '--passphrase-file', file],
      config,
      {
        SIGNET_PASSPHRASE: 'wrong one',
      },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const check = await run('minisign', ['-V', '-p', pubFile, '-m', join(dir, 'a.txt')]);
    expect(check.status, check.stderr).toBe(0);
  });

  it('wrong file + right env fails with the plain wrong-passphrase message, writing nothing', async () => {
    const file = await passphraseFile('wrong.txt', 'wrong one\n', 0o600);
    await writeFile(join(dir, 'b.txt'), 'artifact b');
    const r = await signet(
      ['sign', join(dir, 'b.txt'), '--key', keyFile, '--passphrase-file', file],
      config,
      {
        SIGNET_PASSPHRASE: 'right one',
      },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^signet: .*passphrase/i);
    await expect(readFile(join(dir, 'b.txt.minisig'))).rejects.toThrow();
  });

  it('the environment still works when no file is named', async () => {
    await writeFile(join(dir, 'c.txt'), 'artifact c');
    const r = await signet(['sign', join(dir, 'c.txt'), '--key', keyFile], config, {
      SIGNET_PASSPHRASE: 'right one',
    });
    expect(r.status, r.stderr).toBe(0);
  });

  it('warns on stderr when group or others can read the passphrase file, and still signs', async () => {
    for (const mode of [0o640, 0o604]) {
      const file = await passphraseFile(`shared-${mode.toString(8)}.txt`, 'right one\n', mode);
      const target = join(dir, `d-${mode.toString(8)}.txt`);
      await writeFile(target, 'artifact d');
      const r = await signet(['sign', target, '--key', keyFile, '--passphrase-file', file], config);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toContain('can be read by other users');
      expect(r.stderr).toContain('chmod 600');
    }
  });

  it('help for the program, sign and keygen names SIGNET_PASSPHRASE', async () => {
    for (const args of [['--help'], ['sign', '--help'], ['keygen', '--help']]) {
      const r = await signet(args, config);
      expect(r.status).toBe(0);
      expect(r.stdout, args.join(' ')).toContain('SIGNET_PASSPHRASE');
      expect(r.stdout).toContain('--passphrase-file');
    }
  });
});
