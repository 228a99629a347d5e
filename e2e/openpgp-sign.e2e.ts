import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenPgpKey } from '../electron/core/formats/openpgp-keys';
import { type GpgHome, makeGpgHome } from '../test/helpers/gpg';
import { launchApp, type SignetApp } from './harness/launch';
import { caseDir, makeFile, run } from './harness/tools';
import { goTo, screenshot } from './harness/ui';

// A release manager who signs with OpenPGP: a key created in Keys (its User ID, fingerprint and
// expiry on its card), one imported from gpg, one about to expire, a release signed in each style
// (apache, node, debian) whose outputs gpgv accepts, and the kit main writes for it.

const PASSPHRASE = 'harbour lantern quartz meadow';
let app: SignetApp;
let gpg: GpgHome;
let release: string;

const card = (name: string) =>
  app.page
    .locator('article.card')
    .filter({ has: app.page.getByRole('heading', { level: 3, name, exact: true }) });

function gpgvAccepts(certificate: string, signature: string, data?: string): boolean {
  const keyring = `${certificate}.gpg`;
  run('sh', ['-c', `gpg --batch --dearmor < "${certificate}" > "${keyring}"`]);
  try {
    run('gpgv', ['--keyring', keyring, signature, ...(data ? [data] : [])]);
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  app = await launchApp();
  gpg = await makeGpgHome();
  release = await caseDir(app.dirs.work, 'acme-5.0');
  await makeFile(release, 'acme-5.0.tar.gz', 'acme tarball\n'.repeat(2000));
  await makeFile(release, 'acme-5.0.zip', 'acme zip\n'.repeat(2000));
  // A key whose two years are nearly over: its card reminds the person to extend it.
  const day = 86_400_000;
  const old = await createOpenPgpKey({
    name: 'Old Release Key',
    email: 'old@example.org',
    passphrase: PASSPHRASE,
    expiresInSeconds: 730 * 86400,
    now: new Date(Date.now() - 720 * day),
  });
  await app.keystore.add({ name: 'Old Release Key', record: old.record, keyFile: old.keyFile });
  await goTo(app.page, 'keys');
});

afterAll(async () => {
  await gpg?.close();
  await app?.close();
});

describe('OpenPGP keys in the Keys screen', () => {
  it('creates one: User ID from the name and email, fingerprint in groups of four, expiry in two years', async () => {
    await app.page.getByRole('button', { name: 'Create key…' }).click();
    const form = app.page.locator('form', { has: app.page.getByRole('heading', { name: 'Create a key' }) });
    await form.getByLabel('Name', { exact: true }).fill('Acme Release Bot');
    await form.getByLabel('OpenPGP key, for gpg').check();
    await form.getByLabel('Email', { exact: true }).fill('release@acme.example');
    await screenshot(app.page, 'openpgp-create');
    await form.getByRole('button', { name: 'Create key' }).click();
    await app.typePassphrase(PASSPHRASE);
    const created = card('Acme Release Bot');
    await created.waitFor();
    const [key] = (await app.keystore.list()).filter((k) => k.name === 'Acme Release Bot');
    expect(key?.label).toBe('Acme Release Bot <release@acme.example>');
    await expect(created.getByTestId('key-label').textContent()).resolves.toBe(key?.label);
    await expect(created.getByTestId('key-fingerprint').textContent()).resolves.toBe(
      key?.fingerprint?.match(/.{4}/g)?.join(' '),
    );
    await expect(created.getByTestId('key-expiry').textContent()).resolves.toMatch(/^Expires /);
    await created.getByRole('button', { name: 'Public key' }).click();
    await created
      .getByTestId('public-key')
      .filter({ hasText: /^-----BEGIN PGP PUBLIC KEY BLOCK-----/ })
      .waitFor();
    await screenshot(created, 'openpgp-key-card');
  });

  it('reminds the person 30 days before a key expires', async () => {
    const old = card('Old Release Key');
    await expect(old.getByTestId('key-expiry').textContent()).resolves.toMatch(
      /in 10 days: extend it before your next release\.$/,
    );
    await screenshot(old, 'openpgp-key-expiring');
  });

  it('"Extend by 2 years" re-signs it: the card, the record and gpg all see the new date', async () => {
    const old = card('Old Release Key');
    const before = (await app.keystore.list()).find((k) => k.name === 'Old Release Key');
    await old.getByRole('button', { name: 'Extend by 2 years' }).click();
    await app.typePassphrase(PASSPHRASE);
    await old.getByTestId('key-extended').waitFor();
    const after = (await app.keystore.list()).find((k) => k.name === 'Old Release Key');
    expect(after?.fingerprint).toBe(before?.fingerprint);
    const days = (Date.parse(after?.expiresAt ?? '') - Date.parse(before?.expiresAt ?? '')) / 86_400_000;
    expect(Math.round(days)).toBe(730);
    await expect(old.getByTestId('key-expiry').textContent()).resolves.toMatch(/^Expires /);
    // gpg reads the new expiry from the re-signed certificate.
    const cert = join(release, '..', 'old-extended.asc');
    await writeFile(cert, after?.publicKey ?? '');
    await gpg.gpg(['--import', cert]);
    const listed = (await gpg.gpg(['--with-colons', '--list-keys', after?.fingerprint ?? ''])).stdout;
    const expiry = listed
      .split('\n')
      .find((line) => line.startsWith('pub:'))
      ?.split(':')[6];
    expect(Number(expiry) * 1000).toBe(Date.parse(after?.expiresAt ?? ''));
    await screenshot(old, 'openpgp-key-extended');
  });

  it('imports a key gpg made, with main’s dialog naming its User ID and fingerprint', async () => {
    const fpr = await gpg.genKey('Gpg Release <gpg@acme.example>', 'ed25519', 'sign', '2y');
    const secret = join(release, '..', 'gpg-release.asc');
    await gpg.gpg(['--armor', '--output', secret, '--export-secret-keys', fpr]);
    await app.page.getByRole('button', { name: 'Import key…' }).click();
    const form = app.page.locator('form', { has: app.page.getByRole('heading', { name: 'Import a key' }) });
    await app.willOpen(secret);
    await form.getByRole('button', { name: 'Choose key file…' }).click();
    await form.getByTestId('import-file').filter({ hasText: 'gpg-release.asc' }).waitFor();
    await form.getByLabel('Name', { exact: true }).fill('Gpg Release');
    await app.willConfirm(true);
    await form.getByRole('button', { name: 'Import key' }).click();
    // gpg exported it without a passphrase: Signet keeps it only with a new one.
    await app.typePassphrase(PASSPHRASE);
    await card('Gpg Release').waitFor();
    const asked = (await app.confirmations()).at(-1);
    expect(asked?.message).toBe('Import the OpenPGP key in gpg-release.asc as “Gpg Release”?');
    expect(asked?.detail).toContain(`Fingerprint: ${fpr.match(/.{4}/g)?.join(' ')}`);
    expect(asked?.detail).toContain('User ID: Gpg Release <gpg@acme.example>');
    await screenshot(app.page, 'openpgp-imported');
  });
});

describe('signing a release in each style', () => {
  async function signIn(style: string, folder: string): Promise<string> {
    const names = ['acme-5.0.tar.gz', 'acme-5.0.zip'];
    const files: string[] = [];
    for (const name of names) files.push(await makeFile(folder, name, await readFile(join(release, name))));
    await goTo(app.page, 'sign');
    const key = (await app.keystore.list()).find((k) => k.name === 'Acme Release Bot');
    await app.willOpen(...files);
    await app.page.getByRole('button', { name: 'Choose files…' }).click();
    await app.page
      .getByRole('list', { name: 'Files to sign' })
      .getByText('acme-5.0.zip', { exact: true })
      .waitFor();
    await app.page
      .getByLabel('Key', { exact: true })
      .selectOption({ label: `Acme Release Bot (${key?.keyId})` });
    await app.page.getByTestId('sign-style').selectOption(style);
    // OpenPGP signs no comment, so the field is not offered.
    await expect(app.page.getByLabel('Signed comment (optional)').count()).resolves.toBe(0);
    await app.willConfirm(true);
    await app.page.getByRole('button', { name: 'Sign 2 files' }).click();
    await app.typePassphrase(PASSPHRASE);
    await app.page.getByTestId('sign-recheck').waitFor();
    await screenshot(app.page, `openpgp-signed-${style}`);
    const certificate = join(folder, 'KEY.asc');
    await writeFile(certificate, key?.publicKey ?? '');
    return certificate;
  }

  it('apache: main lists FILE.asc and FILE.sha512 before signing; gpgv accepts each .asc', async () => {
    const folder = await caseDir(app.dirs.work, 'apache');
    const certificate = await signIn('apache', folder);
    const asked = (await app.confirmations()).at(-1);
    expect(asked?.detail).toContain('Style: apache');
    expect(asked?.detail).toContain(join(folder, 'acme-5.0.zip.asc'));
    expect(asked?.detail).toContain(join(folder, 'acme-5.0.zip.sha512'));
    await expect(app.page.getByTestId('sign-recheck').textContent()).resolves.toMatch(
      /^All 2 signatures checked/,
    );
    expect(gpgvAccepts(certificate, join(folder, 'acme-5.0.zip.asc'), join(folder, 'acme-5.0.zip'))).toBe(
      true,
    );
    expect(run('sha512sum', ['-c', 'acme-5.0.tar.gz.sha512'], '', folder)).toContain('OK');
  });

  it('node: SHASUMS256.txt clearsigned and detached; the kit names the fingerprint and the gpg commands', async () => {
    const folder = await caseDir(app.dirs.work, 'node');
    const certificate = await signIn('node', folder);
    expect(gpgvAccepts(certificate, join(folder, 'SHASUMS256.txt.asc'))).toBe(true);
    expect(gpgvAccepts(certificate, join(folder, 'SHASUMS256.txt.sig'), join(folder, 'SHASUMS256.txt'))).toBe(
      true,
    );
    const kit = (await app.page.getByTestId('release-kit-key-elsewhere').textContent()) ?? '';
    expect(kit).toContain('gpg --verify SHASUMS256.txt.asc');
    expect(kit).toContain('sha256sum -c SHASUMS256.txt');
    expect(kit).toContain('Gpg4win');
    await screenshot(app.page.getByRole('region', { name: 'Release kit' }), 'openpgp-release-kit');
  });

  it('debian: SHA256SUMS and SHA256SUMS.gpg; the activity log records the format and fingerprint', async () => {
    const folder = await caseDir(app.dirs.work, 'debian');
    const certificate = await signIn('debian', folder);
    expect(gpgvAccepts(certificate, join(folder, 'SHA256SUMS.gpg'), join(folder, 'SHA256SUMS'))).toBe(true);
    const log = await readFile(join(app.dirs.activity, 'activity.jsonl'), 'utf8');
    expect(log).toContain(`"output":"${join(folder, 'SHA256SUMS.gpg')}"`);
    expect(log).toMatch(/"format":"openpgp","fingerprint":"[0-9A-F]{40}"/);
  });
});
