import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchApp, type SignetApp } from './harness/launch';
import {
  caseDir,
  makeFile,
  minisignAccepts,
  minisignKeyId,
  minisignKeyPair,
  run,
  type ToolKey,
} from './harness/tools';
import { goTo, screenshot } from './harness/ui';

const PASSPHRASE = 'maple orbit candle river';

let app: SignetApp;
let tools: string;
let laptop: ToolKey;

beforeAll(async () => {
  app = await launchApp();
  tools = await caseDir(app.dirs.root, 'tools');
  // minisign always encrypts with its full scrypt cost (about 1 GiB, a few seconds): made once, here.
  laptop = await minisignKeyPair(tools, 'laptop', 'laptop secret words');
  await goTo(app.page, 'keys');
});

afterAll(async () => {
  await app?.close();
});

const card = (name: string) =>
  app.page
    .locator('article.card')
    .filter({ has: app.page.getByRole('heading', { level: 3, name, exact: true }) });

describe('Keys: create, export, back up, import and delete', () => {
  it('creates a key, scoring the passphrase in the page as it is typed', async () => {
    await app.page.getByRole('button', { name: 'Create key…' }).click();
    const form = app.page.locator('form', { has: app.page.getByRole('heading', { name: 'Create a key' }) });
    await form.getByLabel('Name').fill('Release key 2025');
    await form.getByLabel('Passphrase', { exact: true }).fill('password1');
    await expect(form.getByText(/^Strength: /).textContent()).resolves.toBe('Strength: Very weak.');
    await form.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await expect(form.getByText(/^Strength: /).textContent()).resolves.toMatch(
      /^Strength: (Strong|Very strong)\.$/,
    );
    await form.getByLabel('Passphrase again').fill('maple orbit candle');
    await expect(form.getByText('This does not match the passphrase above yet.').isVisible()).resolves.toBe(
      true,
    );
    await screenshot(app.page, 'keys-create');
    await form.getByLabel('Passphrase again').fill(PASSPHRASE);
    await form.getByRole('button', { name: 'Create key' }).click();

    await card('Release key 2025').waitFor();
    const [stored] = await app.keystore.list();
    expect(stored?.name).toBe('Release key 2025');
    await expect(card('Release key 2025').textContent()).resolves.toContain(stored!.keyId);
    // Stored encrypted under the passphrase that was typed.
    await expect(app.keystore.unlock(stored!.id, PASSPHRASE)).resolves.toBeDefined();
    await expect(app.keystore.unlock(stored!.id, 'wrong')).rejects.toThrow();
  });

  it('exports the public key (copy and save) and backs up the secret key; minisign uses both', async () => {
    const [stored] = await app.keystore.list();
    const key = card('Release key 2025');
    await key.getByRole('button', { name: 'Public key' }).click();
    await expect(key.getByTestId('public-key').textContent()).resolves.toBe(stored!.publicKey);
    await key.getByRole('button', { name: 'Copy public key' }).click();
    await expect(app.readClipboard()).resolves.toBe(stored!.publicKey);

    const publicKeyFile = join(tools, 'release.pub');
    await app.willSave(publicKeyFile);
    await key.getByRole('button', { name: 'Save…' }).click();
    await key.getByRole('status').filter({ hasText: 'Public key saved to' }).waitFor();

    const backupFile = join(tools, 'release-backup.key');
    await app.willSave(backupFile);
    await key.getByRole('button', { name: 'Back up…' }).click();
    await key.getByRole('status').filter({ hasText: 'Backup saved to' }).waitFor();
    expect((await stat(backupFile)).mode & 0o777).toBe(0o600);
    await screenshot(app.page, 'keys-exported');

    // The backup is a minisign secret key: minisign signs with it (same passphrase), and the saved
    // public key checks that signature.
    const file = await makeFile(tools, 'release-notes.txt', 'Release notes\n');
    run('minisign', ['-S', '-s', backupFile, '-m', file], `${PASSPHRASE}\n`);
    expect(minisignAccepts(publicKeyFile, file)).toBe(true);
  });

  it('imports an unencrypted key made by minisign -G -W, protecting it with a new passphrase', async () => {
    const made = await minisignKeyPair(tools, 'ci-key');
    await app.page.getByRole('button', { name: 'Import key…' }).click();
    const form = app.page.locator('form', { has: app.page.getByRole('heading', { name: 'Import a key' }) });
    await app.willOpen(made.secretKeyFile);
    await form.getByRole('button', { name: 'Choose key file…' }).click();
    await expect(form.getByTestId('import-file').textContent()).resolves.toBe('ci-key.key');
    await expect(form.getByLabel('Name').inputValue()).resolves.toBe('ci-key');
    await form.getByLabel('Name').fill('CI key');
    await form.getByLabel('Passphrase of the key file').fill('a new passphrase for ci');
    await screenshot(app.page, 'keys-import');
    await form.getByRole('button', { name: 'Import key' }).click();
    await card('CI key').waitFor();
    await expect(card('CI key').textContent()).resolves.toContain(minisignKeyId(made));
    const imported = (await app.keystore.list()).find((k) => k.name === 'CI key');
    await expect(app.keystore.unlock(imported!.id, 'a new passphrase for ci')).resolves.toBeDefined();
  });

  it('refuses a wrong passphrase for a protected key file in words, and clears the field', async () => {
    // The backup from above is a passphrase-protected minisign key file with cheap scrypt limits.
    await app.page.getByRole('button', { name: 'Import key…' }).click();
    const form = app.page.locator('form', { has: app.page.getByRole('heading', { name: 'Import a key' }) });
    await app.willOpen(join(tools, 'release-backup.key'));
    await form.getByRole('button', { name: 'Choose key file…' }).click();
    await form.getByLabel('Name').fill('Restored key');
    await form.getByLabel('Passphrase of the key file').fill('not it');
    await form.getByRole('button', { name: 'Import key' }).click();
    const alert = form.getByRole('alert');
    await expect(alert.textContent()).resolves.toContain('The key was not imported');
    await expect(alert.textContent()).resolves.toMatch(/passphrase/i);
    await expect(form.getByLabel('Passphrase of the key file').inputValue()).resolves.toBe('');
    await expect(app.keystore.list()).resolves.toHaveLength(2);
    await screenshot(app.page, 'keys-import-wrong-passphrase');
    await form.getByRole('button', { name: 'Cancel' }).click();
  });

  it('imports a key protected by minisign’s own passphrase encryption', async () => {
    const made = laptop;
    await app.page.getByRole('button', { name: 'Import key…' }).click();
    const form = app.page.locator('form', { has: app.page.getByRole('heading', { name: 'Import a key' }) });
    await app.willOpen(made.secretKeyFile);
    await form.getByRole('button', { name: 'Choose key file…' }).click();
    await form.getByLabel('Name').fill('Laptop key');
    await form.getByLabel('Passphrase of the key file').fill('laptop secret words');
    await form.getByRole('button', { name: 'Import key' }).click();
    await card('Laptop key').waitFor({ timeout: 40_000 });
    await expect(card('Laptop key').textContent()).resolves.toContain(minisignKeyId(made));
  });

  it('deletes a key only after its name is typed', async () => {
    await card('CI key').getByRole('button', { name: 'Delete…' }).click();
    const dialog = app.page.getByRole('dialog', { name: 'Delete “CI key”?' });
    await dialog.waitFor();
    const confirm = dialog.getByRole('button', { name: 'Delete key' });
    await expect(confirm.isDisabled()).resolves.toBe(true);
    await dialog.getByLabel(/Type the key's name to confirm/).fill('ci key');
    await expect(confirm.isDisabled()).resolves.toBe(true);
    await dialog.getByLabel(/Type the key's name to confirm/).fill('CI key');
    await screenshot(app.page, 'keys-delete-confirm');
    await confirm.click();
    await app.page.getByRole('status').filter({ hasText: 'Key “CI key” deleted' }).waitFor();
    await expect(card('CI key').count()).resolves.toBe(0);
    const names = (await app.keystore.list()).map((k) => k.name);
    expect(names).toEqual(['Release key 2025', 'Laptop key']);
    await screenshot(app.page, 'keys-list');
    expect(await readFile(join(tools, 'release.pub'), 'utf8')).toContain('minisign public key');
    expect(app.pageProblems).toEqual([]);
  });
});
