import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { run, signet } from '../helpers/run';
import { tempDir } from '../helpers/temp-dir';

// The CLI end to end against the real tools: every verdict, every exit status, and both directions
// of minisign interop through the commands a release pipeline would script.

let dir: string;
let config: string;
const path = (name: string) => join(dir, name);

async function minisignKeyPair(name: string): Promise<{ pub: string; sec: string; pubString: string }> {
  const pub = path(`${name}.pub`);
  const sec = path(`${name}.key`);
  const made = await run('minisign', ['-G', '-W', '-p', pub, '-s', sec]);
  expect(made.status, made.stderr).toBe(0);
  const pubString = (await readFile(pub, 'utf8')).trim().split('\n')[1] ?? '';
  return { pub, sec, pubString };
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

describe('signet keygen and sign, checked by minisign', () => {
  it('signs with an unencrypted Signet key; minisign -V accepts it and rejects a tampered copy', async () => {
    const keys = join(dir, 'keys-plain');
    const made = await signet(['keygen', '--out', keys, '--name', 'rel', '--no-passphrase'], config);
    expect(made.status, made.stderr).toBe(0);
    await writeFile(path('sign-me.iso'), Buffer.alloc(300_000, 7));
    const signed = await signet(['sign', path('sign-me.iso'), '--key', join(keys, 'rel.key')], config);
    expect(signed.status, signed.stderr).toBe(0);
    const ok = await run('minisign', ['-V', '-p', join(keys, 'rel.pub'), '-m', path('sign-me.iso')]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('file:sign-me.iso');
    await writeFile(path('sign-me.iso'), Buffer.alloc(300_000, 8));
    const bad = await run('minisign', ['-V', '-p', join(keys, 'rel.pub'), '-m', path('sign-me.iso')]);
    expect(bad.status).not.toBe(0);
  });

  it('never overwrites a signature without --force, and replaces it with --force', async () => {
    const keys = join(dir, 'keys-plain');
    await writeFile(path('twice.txt'), 'one');
    expect((await signet(['sign', path('twice.txt'), '--key', join(keys, 'rel.key')], config)).status).toBe(
      0,
    );
    const first = await readFile(path('twice.txt.minisig'), 'utf8');
    const again = await signet(['sign', path('twice.txt'), '--key', join(keys, 'rel.key')], config);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('--force');
    expect(await readFile(path('twice.txt.minisig'), 'utf8')).toBe(first);
    const forced = await signet(
      ['sign', path('twice.txt'), '--key', join(keys, 'rel.key'), '--force', '--trusted-comment', 'second'],
      config,
    );
    expect(forced.status, forced.stderr).toBe(0);
    expect(await readFile(path('twice.txt.minisig'), 'utf8')).toContain('trusted comment: second');
  });

  it('keygen refuses to overwrite an existing key pair', async () => {
    const keys = join(dir, 'keys-plain');
    const before = await readFile(join(keys, 'rel.key'), 'utf8');
    const r = await signet(['keygen', '--out', keys, '--name', 'rel', '--no-passphrase'], config);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('already exists');
    expect(await readFile(join(keys, 'rel.key'), 'utf8')).toBe(before);
  });

  it('an encrypted Signet key (passphrase from SIGNET_PASSPHRASE) signs; a wrong passphrase is a plain error', async () => {
    const keys = join(dir, 'keys-enc');
    const env = { SIGNET_PASSPHRASE: 'correct horse battery staple' };
    const made = await signet(['keygen', '--out', keys, '--name', 'enc'], config, env);
    expect(made.status, made.stderr).toBe(0);
    await writeFile(path('enc.txt'), 'payload');
    const wrong = await signet(['sign', path('enc.txt'), '--key', join(keys, 'enc.key')], config, {
      SIGNET_PASSPHRASE: 'wrong',
    });
    expect(wrong.status).toBe(2);
    expect(wrong.stderr.toLowerCase()).toContain('passphrase');
    const signed = await signet(['sign', path('enc.txt'), '--key', join(keys, 'enc.key')], config, env);
    expect(signed.status, signed.stderr).toBe(0);
    const ok = await run('minisign', ['-V', '-p', join(keys, 'enc.pub'), '-m', path('enc.txt')]);
    expect(ok.status, ok.stderr).toBe(0);
  });

  it('without a passphrase source and no terminal, says how to give one', async () => {
    const keys = join(dir, 'keys-enc');
    await writeFile(path('enc2.txt'), 'payload');
    const r = await signet(['sign', path('enc2.txt'), '--key', join(keys, 'enc.key')], config);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('SIGNET_PASSPHRASE');
  });
});

describe('signet check and list discovery', () => {
  let listDir: string;
  let pub: string;

  beforeAll(async () => {
    listDir = join(dir, 'release');
    await mkdir(listDir);
    const keys = await minisignKeyPair('lists');
    pub = keys.pub;
    for (const name of ['a.bin', 'b bin with spaces.bin', 'c.bin']) {
      await writeFile(join(listDir, name), `content of ${name}\n`);
    }
    const sums = await run('sh', ['-c', 'sha256sum -- *.bin > SHA256SUMS'], { cwd: listDir });
    expect(sums.status, sums.stderr).toBe(0);
    const signed = await run('minisign', ['-S', '-W', '-s', keys.sec, '-m', join(listDir, 'SHA256SUMS')]);
    expect(signed.status, signed.stderr).toBe(0);
  });

  it('checks every listed file (exit 0) and prints sha256sum-like lines', async () => {
    const r = await signet(['check', join(listDir, 'SHA256SUMS'), '--pubkey', pub], config);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('a.bin: OK');
    expect(r.stdout).toContain('b bin with spaces.bin: OK');
  });

  it('verify finds the signed list beside an artifact that has no signature of its own', async () => {
    const r = await signet(['verify', join(listDir, 'c.bin'), '--pubkey', pub, '--json'], config);
    expect(r.status, r.stdout).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ verdict: 'verified', format: 'checksum-list' });
  });

  it('a changed listed file fails the check (exit 1) and verify says tampered', async () => {
    await writeFile(join(listDir, 'c.bin'), 'changed\n');
    const r = await signet(['check', join(listDir, 'SHA256SUMS'), '--pubkey', pub, '--json'], config);
    expect(r.status).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.verdict).toBe('tampered');
    expect(json.entries.find((e: { name: string }) => e.name === 'c.bin').status).toBe('mismatch');
    const v = await signet(['verify', join(listDir, 'c.bin'), '--pubkey', pub, '--json'], config);
    expect(JSON.parse(v.stdout).verdict).toBe('tampered');
    await writeFile(join(listDir, 'c.bin'), 'content of c.bin\n');
  });

  it('a missing listed file is reported, and fails only with --strict', async () => {
    const sub = join(dir, 'partial');
    await mkdir(sub);
    await writeFile(join(sub, 'SHA256SUMS'), await readFile(join(listDir, 'SHA256SUMS')));
    await writeFile(join(sub, 'SHA256SUMS.minisig'), await readFile(join(listDir, 'SHA256SUMS.minisig')));
    await writeFile(join(sub, 'a.bin'), 'content of a.bin\n');
    const loose = await signet(['check', join(sub, 'SHA256SUMS'), '--pubkey', pub, '--json'], config);
    expect(loose.status).toBe(0);
    expect(JSON.parse(loose.stdout).counts).toMatchObject({ ok: 1, missing: 2 });
    const strict = await signet(
      ['check', join(sub, 'SHA256SUMS'), '--pubkey', pub, '--strict', '--json'],
      config,
    );
    expect(strict.status).toBe(1);
  });

  it('refuses a signed list with an unsafe entry (exit 2) without reading outside the folder', async () => {
    const hostile = join(dir, 'hostile');
    await mkdir(hostile);
    const keys = await minisignKeyPair('hostile');
    await writeFile(join(hostile, 'ok.bin'), 'fine');
    const digest = (await run('sha256sum', [join(hostile, 'ok.bin')])).stdout.split(' ')[0];
    await writeFile(join(hostile, 'SHA256SUMS'), `${digest}  ok.bin\n${digest}  ../secret.txt\n`);
    expect(
      (await run('minisign', ['-S', '-W', '-s', keys.sec, '-m', join(hostile, 'SHA256SUMS')])).status,
    ).toBe(0);
    const r = await signet(['check', join(hostile, 'SHA256SUMS'), '--pubkey', keys.pub, '--json'], config);
    expect(r.status).toBe(2);
    expect(JSON.parse(r.stdout).verdict).toBe('malformed');
  });

  it('refuses a listed symlink that points outside the list folder', async () => {
    const linked = join(dir, 'linked');
    await mkdir(linked);
    const keys = await minisignKeyPair('linked');
    await writeFile(join(dir, 'outside.txt'), 'outside');
    await symlink(join(dir, 'outside.txt'), join(linked, 'escape.txt'));
    const sums = await run('sh', ['-c', 'sha256sum escape.txt > SHA256SUMS'], { cwd: linked });
    expect(sums.status).toBe(0);
    expect(
      (await run('minisign', ['-S', '-W', '-s', keys.sec, '-m', join(linked, 'SHA256SUMS')])).status,
    ).toBe(0);
    const r = await signet(['check', join(linked, 'SHA256SUMS'), '--pubkey', keys.pub, '--json'], config);
    expect(JSON.parse(r.stdout).verdict).toBe('malformed');
    expect(r.status).toBe(2);
  });
});

describe('signify and OpenSSH signatures through signet verify', () => {
  it('finds a signify embedded checksum list (SHA256.sig) beside the artifact', async () => {
    const rel = join(dir, 'signify-rel');
    await mkdir(rel);
    const keys = await run('signify-openbsd', [
      '-G',
      '-n',
      '-p',
      join(dir, 'sf.pub'),
      '-s',
      join(dir, 'sf.sec'),
    ]);
    expect(keys.status, keys.stderr).toBe(0);
    await writeFile(join(rel, 'tool.tgz'), 'signify release');
    expect((await run('sh', ['-c', 'sha256sum --tag tool.tgz > SHA256'], { cwd: rel })).status).toBe(0);
    const signed = await run('signify-openbsd', [
      '-S',
      '-e',
      '-s',
      join(dir, 'sf.sec'),
      '-m',
      join(rel, 'SHA256'),
      '-x',
      join(rel, 'SHA256.sig'),
    ]);
    expect(signed.status, signed.stderr).toBe(0);
    const ok = await signet(
      ['verify', join(rel, 'tool.tgz'), '--pubkey', join(dir, 'sf.pub'), '--json'],
      config,
    );
    expect(ok.status, ok.stdout).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ verdict: 'verified', format: 'checksum-list' });
    const check = await signet(['check', join(rel, 'SHA256.sig'), '--pubkey', join(dir, 'sf.pub')], config);
    expect(check.status, check.stdout).toBe(0);
    await writeFile(join(rel, 'tool.tgz'), 'signify release, altered');
    const bad = await signet(
      ['verify', join(rel, 'tool.tgz'), '--pubkey', join(dir, 'sf.pub'), '--json'],
      config,
    );
    expect(JSON.parse(bad.stdout).verdict).toBe('tampered');
  });

  it('verifies ssh-keygen -Y signatures against allowed_signers and checks the namespace', async () => {
    const key = join(dir, 'id_ed25519');
    expect(
      (await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'rel@example.org', '-f', key])).status,
    ).toBe(0);
    await writeFile(path('ssh-signed.txt'), 'signed with ssh');
    const sign = await run('ssh-keygen', ['-Y', 'sign', '-f', key, '-n', 'file', path('ssh-signed.txt')]);
    expect(sign.status, sign.stderr).toBe(0);
    const pubLine = (await readFile(`${key}.pub`, 'utf8')).trim();
    await writeFile(path('allowed_signers'), `release@example.org ${pubLine}\n`);
    const ok = await signet(
      [
        'verify',
        path('ssh-signed.txt'),
        '--allowed-signers',
        path('allowed_signers'),
        '--namespace',
        'file',
        '--json',
      ],
      config,
    );
    expect(ok.status, ok.stdout).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({
      verdict: 'verified',
      format: 'ssh',
      signerName: 'release@example.org',
    });
    const wrongNs = await signet(
      [
        'verify',
        path('ssh-signed.txt'),
        '--allowed-signers',
        path('allowed_signers'),
        '--namespace',
        'git',
        '--json',
      ],
      config,
    );
    expect(JSON.parse(wrongNs.stdout).verdict).toBe('tampered');
    await writeFile(path('ssh-signed.txt'), 'signed with ssh!');
    const tampered = await signet(
      ['verify', path('ssh-signed.txt'), '--allowed-signers', path('allowed_signers'), '--json'],
      config,
    );
    expect(JSON.parse(tampered.stdout).verdict).toBe('tampered');
  });
});

describe('signet hash', () => {
  it('prints the same lines as sha256sum', async () => {
    await writeFile(path('h1.bin'), Buffer.alloc(5_000_000, 1));
    await writeFile(path('h2.bin'), '');
    const ours = await signet(['hash', path('h1.bin'), path('h2.bin')], config);
    const theirs = await run('sha256sum', [path('h1.bin'), path('h2.bin')]);
    expect(ours.status).toBe(0);
    expect(ours.stdout).toBe(theirs.stdout);
  });

  it('reports an unreadable file with exit 2 and still hashes the rest', async () => {
    const r = await signet(['hash', path('h2.bin'), path('missing.bin'), '--json'], config);
    expect(r.status).toBe(2);
    const json = JSON.parse(r.stdout);
    expect(json.files[0].sha256).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(json.files[1].error).toContain('does not exist');
  });
});
