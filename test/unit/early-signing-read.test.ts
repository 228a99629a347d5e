import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { KEYLESS_FORMAT } from '../../electron/core/formats/keyless-format';
import { PARALLEL_DIGESTS_MIN_BYTES } from '../../electron/core/limits';
import { startEarlySigningRead } from '../../electron/core/sign/early-read';
import { run, signet } from '../helpers/run';
import { tempDir } from '../helpers/temp-dir';

// `signet sign` of a large file starts reading it before the key is open, and answers each
// H(file ‖ OpenPGP trailer) from the running hashes once the trailer is known (core/sign/early-read.ts). Sparse files keep the
// 64 MiB cheap to make; the head is random so a wrong offset or a lost chunk shows.

let dir: string;
let large: string;
let content: Buffer;
const trailer = Buffer.from('04000a16001d05826b17278416210492', 'hex');

const hex = (bytes: Uint8Array | undefined) => Buffer.from(bytes ?? []).toString('hex');
const hashOf = (algorithm: string, ...parts: Uint8Array[]) => {
  const hash = createHash(algorithm);
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
};

beforeAll(async () => {
  dir = await tempDir('signet-early-read-');
  large = join(dir, 'release.tar');
  content = Buffer.alloc(PARALLEL_DIGESTS_MIN_BYTES + 4097);
  for (let i = 0; i < 65536; i++) content[i] = (i * 7919) & 0xff;
  content.write('the end', content.length - 7);
  await writeFile(large, content);
});

describe('a signing read started before the key is open', () => {
  it('gives the apache job its SHA-256, H(file ‖ trailer) and the plain SHA-512 from one read', async () => {
    const early = await startEarlySigningRead(large, { kind: 'openpgp' }, 'apache');
    expect(early).toBeDefined();
    const result = await early!.read(
      large,
      {
        digests: ['sha256'],
        suffixed: [
          { algorithm: 'sha512', suffix: trailer },
          { algorithm: 'sha512', suffix: new Uint8Array(0) },
        ],
      },
      {},
    );
    early!.abandon();
    expect(hex(result.digests.sha256)).toBe(hashOf('sha256', content));
    expect(hex(result.suffixed[0])).toBe(hashOf('sha512', content, trailer));
    expect(hex(result.suffixed[1])).toBe(hashOf('sha512', content));
  });

  it("gives minisign's signFile its BLAKE2b-512 and SHA-256", async () => {
    const early = await startEarlySigningRead(large, {}, undefined);
    const digests = await early!.digest(large, ['blake2b512', 'sha256']);
    early!.abandon();
    expect(digests.blake2b512?.toString('hex')).toBe(hashOf('blake2b512', content));
    expect(digests.sha256?.toString('hex')).toBe(hashOf('sha256', content));
  });

  it("gives a keyless job (the format named, no key) the file's SHA-256", async () => {
    const early = await startEarlySigningRead(large, { format: KEYLESS_FORMAT }, undefined);
    const digests = await early!.digest(large, ['sha256', 'sha256']);
    early!.abandon();
    expect(Object.keys(digests)).toEqual(['sha256']);
    expect(digests.sha256?.toString('hex')).toBe(hashOf('sha256', content));
  });

  it('is dropped when the job asks for something else, which is then read as before', async () => {
    const early = await startEarlySigningRead(large, { kind: 'openpgp' }, undefined);
    const result = await early!.read(
      large,
      { digests: ['blake2b512'], suffixed: [{ algorithm: 'sha256', suffix: trailer }] },
      {},
    );
    expect(hex(result.digests.blake2b512)).toBe(hashOf('blake2b512', content));
    expect(hex(result.suffixed[0])).toBe(hashOf('sha256', content, trailer));
    // Abandoned before use: the next ask reads the file itself.
    const again = await startEarlySigningRead(large, {}, undefined);
    again!.abandon();
    const digests = await again!.digest(large, ['blake2b512', 'sha256']);
    expect(digests.blake2b512?.toString('hex')).toBe(hashOf('blake2b512', content));
  });

  it('never answers with the content of a file changed since the read started', async () => {
    const changing = join(dir, 'changing.tar');
    await writeFile(changing, content);
    const early = await startEarlySigningRead(changing, {}, undefined);
    expect(early).toBeDefined();
    // Changed once the worker has read past the head (it has had time to); same size, other
    // bytes: only the times tell.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const handle = await open(changing, 'r+');
    await handle.write(Buffer.from('changed'), 0, 7, 0);
    await handle.close();
    const now = await readFile(changing);
    const digests = await early!.digest(changing, ['blake2b512', 'sha256']);
    early!.abandon();
    expect(digests.sha256?.toString('hex')).toBe(hashOf('sha256', now));
    expect(digests.blake2b512?.toString('hex')).toBe(hashOf('blake2b512', now));
  });

  it('reports a job cancelled while it waits for the read as cancelled, not with the digests', async () => {
    const early = await startEarlySigningRead(large, {}, undefined);
    const stop = new AbortController();
    const asked = early!.digest(large, ['blake2b512', 'sha256'], { signal: stop.signal });
    stop.abort();
    await expect(asked).rejects.toThrow(/cancel/i);
    early!.abandon();
  });

  it('starts nothing for a small file, a style that signs a list, or a kind no format signs beside', async () => {
    const small = join(dir, 'small.txt');
    await writeFile(small, 'small\n');
    expect(await startEarlySigningRead(small, { kind: 'openpgp' }, 'apache')).toBeUndefined();
    expect(await startEarlySigningRead(large, { kind: 'openpgp' }, 'node')).toBeUndefined();
    expect(await startEarlySigningRead(large, { kind: 'minisign' }, 'minisign')).toBeUndefined();
    expect(await startEarlySigningRead(large, { kind: 'x509' }, undefined)).toBeUndefined();
  });
});

describe('signet sign of a large file, read while the key opens', () => {
  const pass = { SIGNET_PASSPHRASE: 'correct horse battery staple' };

  it('apache: gpgv and sha512sum accept the outputs; a wrong passphrase writes nothing and exits 2', async () => {
    const config = join(dir, 'config');
    await mkdir(config);
    const made = await signet(
      ['keygen', '--openpgp', '--name', 'Big', '--email', 'big@example.org'],
      config,
      pass,
    );
    expect(made.status, made.stderr).toBe(0);
    const wrong = await signet(['sign', '--key', 'Big', '--style', 'apache', large], config, {
      SIGNET_PASSPHRASE: 'not the passphrase',
    });
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/passphrase is wrong/i);
    expect((await readdir(dir)).filter((name) => name.startsWith('release.tar.'))).toEqual([]);

    const signed = await signet(['sign', '--key', 'Big', '--style', 'apache', large], config, pass);
    expect(signed.status, signed.stderr).toBe(0);
    await writeFile(
      join(dir, 'KEY.asc'),
      (await signet(['key', 'export', '--public', 'Big'], config)).stdout,
    );
    await run('sh', ['-c', 'gpg --batch --dearmor < KEY.asc > KEY.gpg'], { cwd: dir });
    const gpgv = await run('gpgv', ['--keyring', join(dir, 'KEY.gpg'), 'release.tar.asc', 'release.tar'], {
      cwd: dir,
    });
    expect(gpgv.status, gpgv.stderr).toBe(0);
    expect((await run('sha512sum', ['-c', 'release.tar.sha512'], { cwd: dir })).status).toBe(0);
    const log = await readFile(join(config, 'activity', 'activity.jsonl'), 'utf8');
    expect(log).toContain(hashOf('sha256', content));
  });

  it('minisign: minisign -V accepts the signature', async () => {
    const keys = join(dir, 'minisign-key');
    const made = await signet(['keygen', '--out', keys, '--no-passphrase'], join(dir, 'config'));
    expect(made.status, made.stderr).toBe(0);
    const names = await readdir(keys);
    const key = join(keys, names.find((name) => name.endsWith('.key')) as string);
    const pub = join(keys, names.find((name) => name.endsWith('.pub')) as string);
    const signed = await signet(['sign', large, '--key', key, '--force'], join(dir, 'config'));
    expect(signed.status, signed.stderr).toBe(0);
    expect((await stat(`${large}.minisig`)).size).toBeGreaterThan(0);
    const checked = await run('minisign', ['-V', '-q', '-p', pub, '-m', large]);
    expect(checked.status, checked.stderr).toBe(0);
  });
});
