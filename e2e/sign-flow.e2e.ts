import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyInfo } from '../shared/ipc/contract';
import { launchApp, type SignetApp } from './harness/launch';
import { TEST_KDF } from './harness/main-side';
import { caseDir, makeFile, minisignAccepts, run } from './harness/tools';
import { goTo, screenshot } from './harness/ui';

const PASSPHRASE = 'correct horse battery staple';

let app: SignetApp;
let key: KeyInfo;
let publicKeyFile: string;
let dir: string;
let setup: string;
let readme: string;

beforeAll(async () => {
  app = await launchApp();
  key = await app.keystore.create({ name: 'Release key', passphrase: PASSPHRASE, kdf: TEST_KDF });
  await app.keystore.create({ name: 'Old key', passphrase: 'another passphrase here', kdf: TEST_KDF });
  publicKeyFile = join(app.dirs.root, 'release.pub');
  await writeFile(publicKeyFile, await app.keystore.publicKeyText(key.id));
  dir = await caseDir(app.dirs.work, 'release-4.2');
  setup = await makeFile(dir, 'acme-setup-4.2.exe', 'setup program\n'.repeat(2000));
  readme = await makeFile(dir, 'README.txt', 'Read me first.\n');
  await goTo(app.page, 'sign');
});

afterAll(async () => {
  await app?.close();
});

const passphraseField = () => app.page.getByLabel('Passphrase', { exact: true });

describe('Sign: files signed in the app verify with the real minisign', () => {
  it('lists the chosen files with the signed comment each will get', async () => {
    await app.page.getByLabel('Key', { exact: true }).selectOption({ label: `Release key (${key.keyId})` });
    await app.willOpen(setup, readme);
    await app.page.getByRole('button', { name: 'Choose files…' }).click();
    const list = app.page.getByRole('list', { name: 'Files to sign' });
    await list.getByText('acme-setup-4.2.exe', { exact: true }).waitFor();
    await expect(list.getByText(/file:acme-setup-4\.2\.exe/).textContent()).resolves.toMatch(
      /^timestamp:\d+\tfile:acme-setup-4\.2\.exe\thashed$/,
    );
    await expect(list.getByText(/file:README\.txt/).isVisible()).resolves.toBe(true);
    await screenshot(app.page, 'sign-ready');
  });

  it('refuses a wrong passphrase in words, clears the field and writes nothing', async () => {
    await passphraseField().fill('not the passphrase');
    await app.page.getByRole('button', { name: 'Sign 2 files' }).click();
    const alert = app.page.getByRole('alert').filter({ hasText: 'Could not sign' });
    await expect(alert.textContent()).resolves.toContain('That passphrase does not unlock this key');
    await expect(passphraseField().inputValue()).resolves.toBe('');
    await expect(readFile(`${setup}.minisig`)).rejects.toThrow();
    await screenshot(app.page, 'sign-wrong-passphrase');
  });

  it('signs both files and a SHA256SUMS list that minisign and sha256sum accept', async () => {
    await passphraseField().fill(PASSPHRASE);
    await app.page.getByLabel('Also write and sign a SHA256SUMS list').check();
    await app.page.getByRole('button', { name: 'Sign 2 files' }).click();
    // The passphrase leaves the form as the request is sent.
    await expect(passphraseField().inputValue()).resolves.toBe('');
    await app.page.getByRole('heading', { level: 2, name: 'Signed 2 files' }).waitFor();
    expect(minisignAccepts(publicKeyFile, setup)).toBe(true);
    expect(minisignAccepts(publicKeyFile, readme)).toBe(true);
    const list = join(dir, 'SHA256SUMS');
    expect(minisignAccepts(publicKeyFile, list)).toBe(true);
    expect(run('sha256sum', ['-c', 'SHA256SUMS'], '', dir)).toBe('acme-setup-4.2.exe: OK\nREADME.txt: OK\n');
    await expect(app.page.getByTestId('sign-outcome').count()).resolves.toBe(3);
    await screenshot(app.page, 'sign-done');
  });

  it('shows a written signature in its folder', async () => {
    await app.page
      .getByTestId('sign-outcome')
      .filter({ hasText: 'acme-setup-4.2.exe: signature written' })
      .getByRole('button', { name: 'Show in folder' })
      .click();
    await expect.poll(() => app.revealedPaths()).toEqual([`${setup}.minisig`]);
  });

  it('asks before replacing an existing signature, and keeps it when told to', async () => {
    const before = await readFile(`${setup}.minisig`, 'utf8');
    await app.willOpen(setup);
    await app.page.getByRole('button', { name: 'Choose files…' }).click();
    await passphraseField().fill(PASSPHRASE);
    await app.page.getByLabel('Also write and sign a SHA256SUMS list').uncheck();
    await app.page.getByRole('main').getByRole('button', { name: 'Sign', exact: true }).click();
    const dialog = app.page.getByRole('dialog', { name: 'Replace the existing signature?' });
    await dialog.waitFor();
    await expect(dialog.textContent()).resolves.toContain('acme-setup-4.2.exe');
    await screenshot(app.page, 'sign-confirm-replace');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog.isVisible()).resolves.toBe(false);
    await expect(readFile(`${setup}.minisig`, 'utf8')).resolves.toBe(before);

    await app.page.getByRole('main').getByRole('button', { name: 'Sign', exact: true }).click();
    await dialog.getByRole('button', { name: 'Replace and sign' }).click();
    await app.page.getByRole('heading', { level: 2, name: 'Signed 1 file' }).waitFor();
    const after = await readFile(`${setup}.minisig`, 'utf8');
    expect(after).not.toBe(before);
    expect(minisignAccepts(publicKeyFile, setup)).toBe(true);
  });

  it('lists every signing on the Activity screen, newest first', async () => {
    await goTo(app.page, 'activity');
    const rows = app.page.locator('tbody tr');
    await rows.first().waitFor();
    // SHA256SUMS, both files, then the re-signed installer.
    await expect(rows.count()).resolves.toBe(4);
    await expect(rows.first().textContent()).resolves.toContain('acme-setup-4.2.exe');
    await expect(rows.first().textContent()).resolves.toContain(key.keyId);
    await rows
      .first()
      .getByRole('button', { name: /^Copy SHA-256/ })
      .click();
    const digest = run('sha256sum', [setup]).split(' ')[0];
    await expect(app.readClipboard()).resolves.toBe(digest);
    await screenshot(app.page, 'activity-after-signing');
    expect(app.pageProblems).toEqual([]);
  });
});
