import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GpgHome, makeGpgHome } from '../helpers/gpg';
import { run, signet } from '../helpers/run';

// A clearsigned checksum list whose signature Signet cannot accept (a Hash: header that names
// another hash than the signature's, or a signature over binary data framed as cleartext) is a
// damaged signature: malformed, never "the list is not signed".

let h: GpgHome;
let cert: string;
let fpr: string;
const path = (name: string) => join(h.dir, name);
const LIST = 'SHASUMS256.txt.asc';

async function verifyTarball(): Promise<{ status: number; verdict: string; reason: string }> {
  const r = await signet(['verify', path('app-1.0.tar.gz'), '--pubkey', cert, '--json'], path('config'));
  expect(r.stderr).toBe('');
  const answer = JSON.parse(r.stdout);
  return { status: r.status, verdict: answer.verdict, reason: answer.reason };
}

beforeAll(async () => {
  h = await makeGpgHome();
  await run('mkdir', ['-p', path('config')]);
  fpr = await h.genKey('Release <release@example.org>', 'ed25519', 'sign', 'never');
  cert = path('release.asc');
  await writeFile(cert, (await h.exportCert(fpr)) as string);
  await writeFile(path('app-1.0.tar.gz'), 'app tarball\n'.repeat(1000));
  const sums = await run('sh', ['-c', 'sha256sum app-1.0.tar.gz > SHASUMS256.txt'], { cwd: h.dir });
  expect(sums.status, sums.stderr).toBe(0);
}, 60_000);

afterAll(() => h?.close());

async function clearsign(): Promise<string> {
  await rm(path(LIST), { force: true });
  const r = await h.gpg([
    '--yes',
    '--digest-algo',
    'SHA256',
    '--clearsign',
    '--output',
    path(LIST),
    path('SHASUMS256.txt'),
  ]);
  expect(r.status, r.stderr).toBe(0);
  return readFile(path(LIST), 'utf8');
}

/** As a person who downloads the tarball and the clearsigned list only: no plain list beside it. */
async function alone<T>(check: () => Promise<T>): Promise<T> {
  const plain = await readFile(path('SHASUMS256.txt'));
  await rm(path('SHASUMS256.txt'));
  try {
    return await check();
  } finally {
    await writeFile(path('SHASUMS256.txt'), plain);
  }
}

describe('a clearsigned list Signet cannot accept', () => {
  it('the list as gpg made it verifies the tarball (the baseline)', async () => {
    await clearsign();
    const r = await alone(verifyTarball);
    expect(r.verdict, r.reason).toBe('verified');
  });

  it('a Hash: header naming another hash than the signature: malformed, not unsigned', async () => {
    const signed = await clearsign();
    expect(signed).toContain('Hash: SHA256');
    await writeFile(path(LIST), signed.replace('Hash: SHA256', 'Hash: SHA512'));
    const r = await alone(verifyTarball);
    expect(r.verdict, r.reason).toBe('malformed');
    expect(r.status).toBe(2);
    expect(r.reason).not.toMatch(/not signed/);
  });

  it('a binary (type 0x00) signature in the cleartext frame: malformed, not unsigned', async () => {
    const detached = await h.gpg([
      '--yes',
      '--digest-algo',
      'SHA256',
      '--armor',
      '--detach-sign',
      '--output',
      path('binary.asc'),
      path('SHASUMS256.txt'),
    ]);
    expect(detached.status, detached.stderr).toBe(0);
    const text = await readFile(path('SHASUMS256.txt'), 'utf8');
    const signature = await readFile(path('binary.asc'), 'utf8');
    await writeFile(path(LIST), `-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n${text}${signature}`);
    const r = await alone(verifyTarball);
    expect(r.verdict, r.reason).toBe('malformed');
    expect(r.reason).not.toMatch(/not signed/);
    const itself = await signet(['verify', path(LIST), '--pubkey', cert, '--json'], path('config'));
    expect(JSON.parse(itself.stdout).verdict).toBe('malformed');
  });
});
