import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenPgpTrustEntry } from '../../electron/core/formats/openpgp/trust-entry';
import { TrustStore } from '../../electron/core/trust/trust-store';
import { verifyArtifact } from '../../electron/core/verify/verify-artifact';
import { type GpgHome, makeGpgHome } from '../helpers/gpg';
import { signetCheck } from '../helpers/gpg-oracles';
import { run, signet } from '../helpers/run';
import { tempDir } from '../helpers/temp-dir';
import { compromisedPage } from './compromised-page';

/**
 * A key its owner withdrew must stop verifying for the people who trust it: a revocation (or a
 * newer copy of the certificate carrying one) given to `trust add` reaches the stored certificate.
 */
let dir: string;
let home: GpgHome;
let fpr: string;
let cert: string;
let revocation: string;
let file: string;

/** gpg --gen-revoke asks its questions even in batch mode; they are answered on --command-fd. */
async function revoke(fingerprint: string, out: string): Promise<string> {
  const made = await run(
    'gpg',
    [
      '--yes',
      '--no-tty',
      '--pinentry-mode',
      'loopback',
      '--passphrase',
      '',
      '--command-fd',
      '0',
      '--output',
      out,
      '--gen-revoke',
      fingerprint,
    ],
    { env: { GNUPGHOME: home.dir, LC_ALL: 'C' }, input: 'y\n1\nThe laptop was stolen\n\ny\n' },
  );
  if (made.status !== 0) throw new Error(made.stderr);
  return readFile(out, 'utf8');
}

function store(name: string): TrustStore {
  return new TrustStore({ configDir: join(dir, name), managedFile: join(dir, name, 'managed.json') });
}

beforeAll(async () => {
  dir = await tempDir('signet-sec-revoke-');
  home = await makeGpgHome();
  fpr = await home.genKey('Acme Releases <release@acme.example>', 'ed25519', 'sign', '2y');
  cert = (await home.exportCert(fpr)) as string;
  file = await home.file('acme-1.2.tar.gz', 'release');
  expect(
    (await home.gpg(['--local-user', fpr, '--detach-sign', '--output', `${file}.sig`, file])).status,
  ).toBe(0);
  revocation = await revoke(fpr, join(home.dir, 'acme.rev'));
}, 120_000);

afterAll(async () => {
  await home?.close();
});

describe('a trusted OpenPGP key its owner revoked', () => {
  it('with the bare revocation certificate added: updated, and the file is no longer verified', async () => {
    const trust = store('bare');
    await trust.addAll({ keyText: cert, name: 'Acme' });
    expect(await verifyArtifact(file, { trusted: await trust.listAll() })).toMatchObject({
      verdict: 'verified',
      signerName: 'Acme',
    });

    const updates = await trust.updateCertificates({ keyText: revocation });
    expect(updates).toEqual([{ name: 'Acme', keyId: fpr, nowRevoked: true, changed: true }]);
    const after = await verifyArtifact(file, { trusted: await trust.listAll() });
    expect(after.verdict).toBe('unknown-signer');
    expect(after.reason).toMatch(/owner withdrew the key.*they said it was compromised/);

    const [entry] = (await trust.list()) as OpenPgpTrustEntry[];
    const { check } = await signetCheck(`${file}.sig`, file, [entry!]);
    expect(check).toMatchObject({ outcome: 'unknown-signer', rule: 'key-revoked' });
  });

  it('with a newer copy of the certificate that carries the revocation: the same', async () => {
    const trust = store('copy');
    await trust.addAll({ keyText: cert, name: 'Acme' });
    const imported = await home.gpg(['--import', join(home.dir, 'acme.rev')]);
    expect(imported.status, imported.stderr).toBe(0);
    const newer = (await home.exportCert(fpr)) as string;
    expect(await trust.updateCertificates({ keyText: newer })).toEqual([
      { name: 'Acme', keyId: fpr, nowRevoked: true, changed: true },
    ]);
    const after = await verifyArtifact(file, { trusted: await trust.listAll() });
    expect(after.verdict).toBe('unknown-signer');
    // The same copy again is no update: it is refused as already trusted.
    expect(await trust.updateCertificates({ keyText: newer })).toBeUndefined();
    await expect(trust.addAll({ keyText: newer, name: 'Acme again' })).rejects.toThrow(
      /already trusted as “Acme”/,
    );
  });

  it('a revocation made by another key changes nothing', async () => {
    const other = await home.genKey('Mallory <m@evil.example>', 'ed25519', 'sign', '2y');
    const forged = await revoke(other, join(home.dir, 'mallory.rev'));
    const trust = store('other');
    await trust.addAll({ keyText: cert, name: 'Acme' });
    expect(await trust.updateCertificates({ keyText: forged })).toBeUndefined();
  });

  it('the CLI: trust add of the revocation says so, and verify no longer says verified', async () => {
    const config = join(dir, 'cli');
    const certFile = await home.file('acme.asc', cert);
    const revFile = await home.file('acme-revocation.asc', revocation);
    expect((await signet(['trust', 'add', certFile, '--name', 'Acme'], config)).status).toBe(0);
    const added = await signet(['trust', 'add', revFile, '--name', 'Acme'], config);
    expect(added.status, added.stderr).toBe(0);
    expect(added.stdout).toContain('Updated: Acme’s key is now revoked');
    const checked = await signet(['verify', file, '--json'], config);
    expect(JSON.parse(checked.stdout)).toMatchObject({ verdict: 'unknown-signer' });
  });

  it('the app: adding the revocation updates the trusted key without a dialog, and says so', async () => {
    const page = compromisedPage(join(dir, 'app'));
    page.deps.confirmAnswers.push(true);
    expect(await page.send('addTrusted', { name: 'Acme', keyText: cert })).toMatchObject({ ok: true });
    const asked = page.deps.confirmations.length;
    const answer = await page.send('addTrusted', { name: 'Anything', keyText: revocation });
    expect(answer).toMatchObject({
      ok: true,
      value: { updated: ['Updated: Acme’s key is now revoked; files it signs are no longer verified.'] },
    });
    expect(page.deps.confirmations).toHaveLength(asked);
    const after = await verifyArtifact(file, { trusted: await page.deps.trust.listAll() });
    expect(after.verdict).toBe('unknown-signer');
  });

  it('the CLI refuses an expired certificate, as the app does', async () => {
    const past = new Date(Date.now() - 400 * 86_400_000);
    const old = await home.genKey('Old <old@acme.example>', 'ed25519', 'sign', '1d', past);
    const oldFile = await home.file('old.asc', (await home.exportCert(old)) as string);
    const added = await signet(['trust', 'add', oldFile, '--name', 'Old'], join(dir, 'cli-expired'));
    expect(added.status).toBe(2);
    expect(added.stderr).toMatch(/This OpenPGP key expired on \d{1,2} [A-Z][a-z]{2} \d{4},/);
  });
});
