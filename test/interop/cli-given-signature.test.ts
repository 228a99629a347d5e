import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GpgHome, makeGpgHome } from '../helpers/gpg';
import { minisignKeyPair } from '../helpers/minisign-keys';
import { run, signet } from '../helpers/run';
import { makeKeylessBundle } from '../helpers/sigstore-keyless-bundle';
import { tempDir } from '../helpers/temp-dir';

// A signature given with --sig or --bundle is checked against the file given, whatever file it is
// named after: "acme-1.0.tar.gz.sig" given for "other.bin" is a signature over other content (or,
// where it names its file, a signature for another file), never a checksum list naming nothing.

let dir: string;
let config: string;
let gpg: GpgHome;
const path = (name: string) => join(dir, name);
const IDENTITY = 'release@signet.test';
const ISSUER = 'https://issuer.signet.test';

async function verdict(args: string[]): Promise<{ status: number; verdict: string; reason: string }> {
  const r = await signet(['verify', ...args, '--json'], config);
  expect(r.stderr).toBe('');
  const answer = JSON.parse(r.stdout);
  return { status: r.status, verdict: answer.verdict, reason: answer.reason };
}

beforeAll(async () => {
  dir = await tempDir();
  config = path('config');
  gpg = await makeGpgHome();
  await writeFile(path('acme-1.0.tar.gz'), 'acme release 1.0\n'.repeat(200));
  await writeFile(path('other.bin'), 'some other download\n'.repeat(50));
});

afterAll(async () => {
  await gpg?.close();
});

describe('signet verify OTHER with a signature made over another file', () => {
  it('--bundle X.sigstore.json: the bundle is checked against OTHER (tampered), not read as a list', async () => {
    const made = makeKeylessBundle(await readFile(path('acme-1.0.tar.gz')), IDENTITY, ISSUER);
    await writeFile(path('acme-1.0.tar.gz.sigstore.json'), JSON.stringify(made.bundle));
    await writeFile(path('root.json'), JSON.stringify(made.trustedRootJson));
    const sigstore = [
      '--trusted-root',
      path('root.json'),
      '--certificate-identity',
      IDENTITY,
      '--certificate-oidc-issuer',
      ISSUER,
    ];
    const right = await verdict([
      path('acme-1.0.tar.gz'),
      '--bundle',
      path('acme-1.0.tar.gz.sigstore.json'),
      ...sigstore,
    ]);
    expect(right.verdict, right.reason).toBe('verified');
    for (const flag of ['--bundle', '--sig']) {
      const wrong = await verdict([
        path('other.bin'),
        flag,
        path('acme-1.0.tar.gz.sigstore.json'),
        ...sigstore,
      ]);
      expect(wrong.verdict, wrong.reason).toBe('tampered');
      expect(wrong.status).toBe(1);
    }
  });

  it('--sig X.minisig (a comment that names no file): tampered', async () => {
    const key = await minisignKeyPair(dir, 'alice');
    const signed = await run('minisign', [
      '-S',
      '-W',
      '-s',
      key.sec,
      '-m',
      path('acme-1.0.tar.gz'),
      '-t',
      'acme release',
    ]);
    expect(signed.status, signed.stderr).toBe(0);
    const right = await verdict([path('acme-1.0.tar.gz'), '--pubkey', key.pub]);
    expect(right.verdict).toBe('verified');
    const wrong = await verdict([
      path('other.bin'),
      '--sig',
      path('acme-1.0.tar.gz.minisig'),
      '--pubkey',
      key.pub,
    ]);
    expect(wrong.verdict, wrong.reason).toBe('tampered');
  });

  it('--sig X.sig made by signify: tampered', async () => {
    const keys = await run('signify-openbsd', ['-G', '-n', '-p', path('sf.pub'), '-s', path('sf.sec')]);
    expect(keys.status, keys.stderr).toBe(0);
    await writeFile(path('tool-2.0.tgz'), 'signify release 2.0\n');
    const signed = await run('signify-openbsd', ['-S', '-s', path('sf.sec'), '-m', path('tool-2.0.tgz')]);
    expect(signed.status, signed.stderr).toBe(0);
    const right = await verdict([
      path('tool-2.0.tgz'),
      '--sig',
      path('tool-2.0.tgz.sig'),
      '--pubkey',
      path('sf.pub'),
    ]);
    expect(right.verdict, right.reason).toBe('verified');
    const wrong = await verdict([
      path('other.bin'),
      '--sig',
      path('tool-2.0.tgz.sig'),
      '--pubkey',
      path('sf.pub'),
    ]);
    expect(wrong.verdict, wrong.reason).toBe('tampered');
  });

  it('--sig X.asc made by gpg: tampered', async () => {
    const fpr = await gpg.genKey('Acme Release <release@acme.test>', 'ed25519', 'sign', 'never');
    const signed = await gpg.gpg([
      '--yes',
      '--armor',
      '--detach-sign',
      '--output',
      path('acme-1.0.tar.gz.asc'),
      path('acme-1.0.tar.gz'),
    ]);
    expect(signed.status, signed.stderr).toBe(0);
    await writeFile(path('acme.pub.asc'), await gpg.exportCert(fpr));
    const right = await verdict([
      path('acme-1.0.tar.gz'),
      '--sig',
      path('acme-1.0.tar.gz.asc'),
      '--pubkey',
      path('acme.pub.asc'),
    ]);
    expect(right.verdict, right.reason).toBe('verified');
    const wrong = await verdict([
      path('other.bin'),
      '--sig',
      path('acme-1.0.tar.gz.asc'),
      '--pubkey',
      path('acme.pub.asc'),
    ]);
    expect(wrong.verdict, wrong.reason).toBe('tampered');
  });

  it('--sig X.sig made by ssh-keygen -Y sign: tampered', async () => {
    const key = path('id_ed25519');
    expect((await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'rel', '-f', key])).status).toBe(
      0,
    );
    await writeFile(path('ssh-1.0.txt'), 'signed with ssh\n');
    const sign = await run('ssh-keygen', ['-Y', 'sign', '-f', key, '-n', 'file', path('ssh-1.0.txt')]);
    expect(sign.status, sign.stderr).toBe(0);
    await writeFile(
      path('allowed_signers'),
      `release@acme.test ${(await readFile(`${key}.pub`, 'utf8')).trim()}\n`,
    );
    const signers = ['--allowed-signers', path('allowed_signers'), '--namespace', 'file'];
    const right = await verdict([path('ssh-1.0.txt'), '--sig', path('ssh-1.0.txt.sig'), ...signers]);
    expect(right.verdict, right.reason).toBe('verified');
    const wrong = await verdict([path('other.bin'), '--sig', path('ssh-1.0.txt.sig'), ...signers]);
    expect(wrong.verdict, wrong.reason).toBe('tampered');
  });

  it('--sig SHA256SUMS.minisig still checks the list it is named after, and finds the file in it', async () => {
    const key = await minisignKeyPair(dir, 'lists');
    const sums = await run('sh', ['-c', 'sha256sum other.bin > SHA256SUMS'], { cwd: dir });
    expect(sums.status).toBe(0);
    const signed = await run('minisign', ['-S', '-W', '-s', key.sec, '-m', path('SHA256SUMS')]);
    expect(signed.status, signed.stderr).toBe(0);
    const listed = await verdict([
      path('other.bin'),
      '--sig',
      path('SHA256SUMS.minisig'),
      '--pubkey',
      key.pub,
    ]);
    expect(listed.verdict, listed.reason).toBe('verified');
  });
});
