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

  it('asks for the passphrase in main’s window, three tries, then refuses in words and writes nothing', async () => {
    // The main window has no passphrase field: it never sees the passphrase.
    await expect(app.page.locator('input[type=password]').count()).resolves.toBe(0);
    // main first says what it will write, in its own dialog, and the person agrees there.
    await app.willConfirm(true);
    await app.page.getByRole('button', { name: 'Sign 2 files' }).click();
    const first = await app.passphraseWindow();
    await expect(first.getByRole('main').textContent()).resolves.toContain(
      `Type the passphrase of your key “Release key” (key id ${key.keyId}) to sign 2 files.`,
    );
    for (let attempt = 0; attempt < 3; attempt += 1) await app.typePassphrase('not the passphrase');
    const alert = app.page.getByRole('alert').filter({ hasText: 'Could not sign' });
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toContain(
      'That passphrase does not unlock this key. Nothing was signed.',
    );
    await expect(readFile(`${setup}.minisig`)).rejects.toThrow();
    await screenshot(app.page, 'sign-wrong-passphrase');
  });

  it('signs both files and a SHA256SUMS list that minisign and sha256sum accept', async () => {
    await app.page.getByLabel('Also write and sign a SHA256SUMS list').check();
    await app.willConfirm(true);
    await app.page.getByRole('button', { name: 'Sign 2 files' }).click();
    await app.typePassphrase(PASSPHRASE);
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

  it('main asks before replacing an existing signature, naming it, and keeps it when told to', async () => {
    const before = await readFile(`${setup}.minisig`, 'utf8');
    await app.willOpen(setup);
    await app.page.getByRole('button', { name: 'Choose files…' }).click();
    await app.page
      .getByRole('list', { name: 'Files to sign' })
      .getByText('acme-setup-4.2.exe', { exact: true })
      .waitFor();
    await app.page.getByLabel('Also write and sign a SHA256SUMS list').uncheck();
    const signButton = app.page.getByRole('main').getByRole('button', { name: 'Sign', exact: true });
    await signButton.click();
    // The person's own choice: a calm note, not an error.
    const refused = app.page.getByRole('status').filter({ hasText: 'Not signed' });
    await refused.filter({ hasText: 'You chose not to replace existing files' }).waitFor();
    const asked = (await app.confirmations()).at(-1);
    expect(asked?.message).toBe(
      'Sign acme-setup-4.2.exe with “Release key”? acme-setup-4.2.exe.minisig already exists.',
    );
    expect(asked?.detail).toContain(`${setup}.minisig`);
    expect(asked?.confirmLabel).toBe('Replace and sign');
    expect(asked?.alternativeLabel).toBe('Skip those that exist');
    await screenshot(app.page, 'sign-confirm-replace');
    await expect(readFile(`${setup}.minisig`, 'utf8')).resolves.toBe(before);

    await app.willConfirm(true);
    await signButton.click();
    await app.typePassphrase(PASSPHRASE);
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
    await expect(rows.first().textContent()).resolves.toContain('Release key');
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
