import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { minisignKeyPair as makeKeyPair } from '../helpers/minisign-keys';
import { run, signet } from '../helpers/run';
import { tempDir } from '../helpers/temp-dir';

// The CLI end to end against the real tools: every verdict, every exit status, and both directions
// of minisign interop through the commands a release pipeline would script.

let dir: string;
let config: string;
const path = (name: string) => join(dir, name);
const minisignKeyPair = (name: string) => makeKeyPair(dir, name);
/** keygen --out names the pair by key id: the one .key and .pub in that folder. */
async function pairIn(folder: string): Promise<{ key: string; pub: string }> {
  const names = await readdir(folder);
  const find = (ext: string) => join(folder, names.find((n) => n.endsWith(ext))!);
  return { key: find('.key'), pub: find('.pub') };
}

beforeAll(async () => {
  dir = await tempDir();
  config = join(dir, 'config');
  await mkdir(config);
});

describe('signet verify with minisign signatures', () => {
  let alice: Awaited<ReturnType<typeof minisignKeyPair>>;
  let mallory: Awaited<ReturnType<typeof minisignKeyPair>>;

  beforeAll(async () => {
    alice = await minisignKeyPair('alice');
    mallory = await minisignKeyPair('mallory');
    await writeFile(path('app.tar.gz'), 'release bytes\n'.repeat(1000));
    const signed = await run('minisign', [
      '-S',
      '-W',
      '-s',
      alice.sec,
      '-m',
      path('app.tar.gz'),
      '-t',
      'release 1.0',
    ]);
    expect(signed.status, signed.stderr).toBe(0);
  });

  it('is verified with the key given on the command line (exit 0)', async () => {
    const r = await signet(['verify', path('app.tar.gz'), '--pubkey', alice.pub], config);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Verified: made by the public key you gave');
    expect(r.stdout).toContain('release 1.0');
  });

  it('is unknown-signer without a trusted key, then verified once the signer is trusted by name', async () => {
    const before = await signet(['verify', path('app.tar.gz'), '--json'], config);
    expect(before.status).toBe(1);
    expect(JSON.parse(before.stdout).verdict).toBe('unknown-signer');

    const added = await signet(['trust', 'add', alice.pub, '--name', 'Alice Release Team'], config);
    expect(added.status, added.stderr).toBe(0);
    const after = await signet(['verify', path('app.tar.gz'), '--json'], config);
    expect(after.status).toBe(0);
    const json = JSON.parse(after.stdout);
    expect(json).toMatchObject({ verdict: 'verified', signerName: 'Alice Release Team', format: 'minisign' });
    expect(json.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(after.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('says unknown-signer, not tampered, when the given key is a different key', async () => {
    const r = await signet(
      ['verify', path('app.tar.gz'), '--pubkey-string', mallory.pubString, '--json'],
      config,
    );
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).verdict).toBe('unknown-signer');
  });

  it('is tampered when one byte of the file changes', async () => {
    const original = await readFile(path('app.tar.gz'));
    await writeFile(
      path('copy.tar.gz'),
      Buffer.concat([original.subarray(0, 100), Buffer.from('X'), original.subarray(101)]),
    );
    await writeFile(path('copy.tar.gz.minisig'), await readFile(path('app.tar.gz.minisig')));
    const r = await signet(['verify', path('copy.tar.gz'), '--pubkey', alice.pub, '--json'], config);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).verdict).toBe('tampered');
  });

  it('is tampered when the trusted comment was edited', async () => {
    const sig = await readFile(path('app.tar.gz.minisig'), 'utf8');
    await writeFile(path('app2.tar.gz'), await readFile(path('app.tar.gz')));
    await writeFile(
      path('app2.tar.gz.minisig'),
      sig.replace('trusted comment: release 1.0', 'trusted comment: release 9.9'),
    );
    const r = await signet(['verify', path('app2.tar.gz'), '--pubkey', alice.pub, '--json'], config);
    expect(r.status).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.verdict).toBe('tampered');
    expect(json.trustedComment).toBeUndefined();
  });

  it('never reports the untrusted comment', async () => {
    const sig = await readFile(path('app.tar.gz.minisig'), 'utf8');
    await writeFile(path('app3.tar.gz'), await readFile(path('app.tar.gz')));
    await writeFile(
      path('app3.tar.gz.minisig'),
      sig.replace(/^untrusted comment: .*$/m, 'untrusted comment: Signed by Microsoft'),
    );
    const r = await signet(['verify', path('app3.tar.gz'), '--pubkey', alice.pub], config);
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain('Microsoft');
  });

  it('is no-signature (exit 1) when nothing signs the file', async () => {
    await writeFile(path('lonely.bin'), 'x');
    const r = await signet(['verify', path('lonely.bin'), '--json'], config);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).verdict).toBe('no-signature');
  });

  it('is malformed (exit 2) for a damaged signature, with a plain reason and no stack', async () => {
    await writeFile(path('broken.bin'), 'x');
    await writeFile(
      path('broken.bin.minisig'),
      'untrusted comment: x\nnot base64!!\ntrusted comment: y\nAAAA\n',
    );
    const r = await signet(['verify', path('broken.bin')], config);
    expect(r.status).toBe(2);
    expect(r.stdout).toContain('damaged or not a kind we read');
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a missing file and bad usage with exit 2 and one plain line', async () => {
    const missing = await signet(['verify', path('nope.bin'), '--json'], config);
    expect(missing.status).toBe(2);
    expect(JSON.parse(missing.stdout).verdict).toBe('malformed');
    const usage = await signet(['verify'], config);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/^signet: /);
    const both = await signet(
      ['verify', path('app.tar.gz'), '--pubkey', alice.pub, '--pubkey-string', alice.pubString],
      config,
    );
    expect(both.status).toBe(2);
    expect(both.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('signet keygen --out and sign, checked by minisign', () => {
  it('signs with an unencrypted key file; minisign -V accepts it and rejects a tampered copy', async () => {
    const keys = join(dir, 'keys-plain');
    const made = await signet(['keygen', '--out', keys, '--name', 'rel', '--no-passphrase'], config);
    expect(made.status, made.stderr).toBe(0);
    const pair = await pairIn(keys);
    // Files are named by the key id the command printed.
    expect(made.stdout).toContain(`key id ${pair.key.slice(-20, -4)}`);
    await writeFile(path('sign-me.iso'), Buffer.alloc(300_000, 7));
    const signed = await signet(['sign', path('sign-me.iso'), '--key', pair.key], config);
    expect(signed.status, signed.stderr).toBe(0);
    const ok = await run('minisign', ['-V', '-p', pair.pub, '-m', path('sign-me.iso')]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('file:sign-me.iso');
    await writeFile(path('sign-me.iso'), Buffer.alloc(300_000, 8));
    const bad = await run('minisign', ['-V', '-p', pair.pub, '-m', path('sign-me.iso')]);
    expect(bad.status).not.toBe(0);
  });

  it('never overwrites a signature without --force, and replaces it with --force', async () => {
    const { key } = await pairIn(join(dir, 'keys-plain'));
    await writeFile(path('twice.txt'), 'one');
    expect((await signet(['sign', path('twice.txt'), '--key', key], config)).status).toBe(0);
    const first = await readFile(path('twice.txt.minisig'), 'utf8');
    const again = await signet(['sign', path('twice.txt'), '--key', key], config);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('--force');
    expect(await readFile(path('twice.txt.minisig'), 'utf8')).toBe(first);
    const forced = await signet(
      ['sign', path('twice.txt'), '--key', key, '--force', '--trusted-comment', 'second'],
      config,
    );
    expect(forced.status, forced.stderr).toBe(0);
    expect(await readFile(path('twice.txt.minisig'), 'utf8')).toContain('trusted comment: second');
  });

  it('an encrypted key file (passphrase from SIGNET_PASSPHRASE) signs; a wrong passphrase is a plain error', async () => {
    const keys = join(dir, 'keys-enc');
    const env = { SIGNET_PASSPHRASE: 'correct horse battery staple' };
    const made = await signet(['keygen', '--out', keys, '--name', 'enc'], config, env);
    expect(made.status, made.stderr).toBe(0);
    const pair = await pairIn(keys);
    await writeFile(path('enc.txt'), 'payload');
    const wrong = await signet(['sign', path('enc.txt'), '--key', pair.key], config, {
      SIGNET_PASSPHRASE: 'wrong',
    });
    expect(wrong.status).toBe(2);
    expect(wrong.stderr.toLowerCase()).toContain('passphrase');
    const signed = await signet(['sign', path('enc.txt'), '--key', pair.key], config, env);
    expect(signed.status, signed.stderr).toBe(0);
    const ok = await run('minisign', ['-V', '-p', pair.pub, '-m', path('enc.txt')]);
    expect(ok.status, ok.stderr).toBe(0);
  });

  it('without a passphrase source and no terminal, says how to give one', async () => {
    const { key } = await pairIn(join(dir, 'keys-enc'));
    await writeFile(path('enc2.txt'), 'payload');
    const r = await signet(['sign', path('enc2.txt'), '--key', key], config);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('SIGNET_PASSPHRASE');
  });
});
