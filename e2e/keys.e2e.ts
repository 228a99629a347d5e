import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright';
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
import { clickThatClosesWindow, goTo, screenshot } from './harness/ui';

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

/**
 * main's passphrase window once it shows this prompt. Right after an answer the last prompt's page may
 * still be open (main closes it as it takes the answer): that one closes, and the next is awaited.
 */
async function promptTitled(title: string): Promise<Page> {
  for (;;) {
    const pin = await app.passphraseWindow();
    try {
      await pin.getByRole('heading', { name: title }).waitFor({ timeout: 150_000 });
      return pin;
    } catch (error) {
      if (!pin.isClosed()) throw error;
    }
  }
}

const card = (name: string) =>
  app.page
    .locator('article.card')
    .filter({ has: app.page.getByRole('heading', { level: 3, name, exact: true }) });

describe('Keys: create, export, back up, import and delete', () => {
  it('creates a key, its passphrase chosen twice in main’s own window, scored there as it is typed', async () => {
    await app.page.getByRole('button', { name: 'Create key…' }).click();
    const form = app.page.locator('form', { has: app.page.getByRole('heading', { name: 'Create a key' }) });
    await form.getByLabel('Name').fill('Release key 2025');
    // The main window has no passphrase field at all.
    await expect(form.locator('input[type=password]').count()).resolves.toBe(0);
    await screenshot(app.page, 'keys-create');
    await form.getByRole('button', { name: 'Create key' }).click();

    const pin = await app.passphraseWindow();
    await expect(pin.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Passphrase for the new key “Release key 2025”',
    );
    await pin.getByLabel('New passphrase').fill('password1');
    await pin.getByText('Strength: Very weak.', { exact: true }).waitFor();
    await pin.getByLabel('New passphrase').fill(PASSPHRASE);
    await pin.getByText(/^Strength: (Strong|Very strong)\.$/).waitFor();
    await pin.getByLabel('Type it again').fill('maple orbit candle');
    await pin.getByRole('button', { name: 'Use this passphrase' }).click();
    await pin.getByRole('alert').filter({ hasText: 'The two passphrases are different' }).waitFor();
    await pin.getByLabel('New passphrase').fill(PASSPHRASE);
    await pin.getByLabel('Type it again').fill(PASSPHRASE);
    await screenshot(pin, 'passphrase-window-new-key');
    await clickThatClosesWindow(pin.getByRole('button', { name: 'Use this passphrase' }));

    await card('Release key 2025').waitFor();
    const [stored] = await app.keystore.list();
    expect(stored?.name).toBe('Release key 2025');

    // The notice offers the backup at once, and the card says there is none yet.
    const notice = app.page.getByRole('status').filter({ hasText: 'Key “Release key 2025” created' });
    await expect(card('Release key 2025').getByTestId('key-backup').textContent()).resolves.toBe(
      'Not backed up yet: a lost computer would mean a lost key',
    );
    await screenshot(app.page, 'keys-created-back-up-now');
    const firstBackup = join(tools, 'first-backup.key');
    await app.willSave(firstBackup);
    await app.willConfirm(true);
    await notice.getByRole('button', { name: 'Back up now…' }).click();
    await notice.filter({ hasText: `Backed up to ${firstBackup}` }).waitFor();
    await card('Release key 2025')
      .getByTestId('key-backup')
      .filter({ hasText: /^Backed up / })
      .waitFor();
    expect((await stat(firstBackup)).mode & 0o777).toBe(0o600);
    expect((await app.keystore.list())[0]?.backedUpAt).toBeDefined();
    await screenshot(app.page, 'keys-backed-up');
    await expect(card('Release key 2025').textContent()).resolves.toContain(stored!.keyId);
    // Stored encrypted under the passphrase that was typed.
    await expect(app.keystore.unlock(stored!.id, PASSPHRASE)).resolves.toBeDefined();
    await expect(app.keystore.unlock(stored!.id, 'wrong')).rejects.toThrow();
  });

  it('exports the public key (copy and save) and backs up the secret key; minisign uses both', async () => {
    const [stored] = await app.keystore.list();
    const key = card('Release key 2025');
    await key.getByRole('button', { name: 'Public key' }).click();
    // The minisign .pub form, whose first line names the key id.
    const pubText = `untrusted comment: minisign public key ${stored!.keyId}\n${stored!.publicKey}\n`;
    await key.getByTestId('public-key').filter({ hasText: 'untrusted comment' }).waitFor();
    await expect(key.getByTestId('public-key').textContent()).resolves.toBe(pubText);
    await key.getByRole('button', { name: 'Copy public key' }).click();
    await expect(app.readClipboard()).resolves.toBe(pubText);

    const publicKeyFile = join(tools, 'release.pub');
    await app.willSave(publicKeyFile);
    await key.getByRole('button', { name: 'Save…' }).click();
    await key.getByRole('status').filter({ hasText: 'Public key saved to' }).waitFor();

    const backupFile = join(tools, 'release-backup.key');
    await app.willSave(backupFile);
    await app.willConfirm(true);
    await key.getByRole('button', { name: 'Back up…' }).click();
    await key.getByRole('status').filter({ hasText: 'Backup saved to' }).waitFor();
    // Exporting a secret key is confirmed by main, in its own words.
    const asked = (await app.confirmations()).at(-1);
    expect(asked?.message).toBe('Save a copy of your secret key “Release key 2025”?');
    expect(asked?.detail).toContain(`Key id: ${stored!.keyId}`);
    expect(asked?.detail).toContain(`To: ${backupFile}`);
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
    // Wait for what the person sees once the dialog's answer has crossed IPC: the chosen file's name
    // (the placeholder reads "No file chosen" until then), and the name field filled from it.
    await form
      .getByTestId('import-file')
      .filter({ hasText: /^ci-key\.key$/ })
      .waitFor();
    await expect.poll(() => form.getByLabel('Name').inputValue()).toBe('ci-key');
    await form.getByLabel('Name').fill('CI key');
    await screenshot(app.page, 'keys-import');
    await app.willConfirm(true);
    await form.getByRole('button', { name: 'Import key' }).click();
    // An unencrypted key is stored only after a new passphrase is typed twice in main's window.
    const pin = await app.passphraseWindow();
    await expect(pin.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'New passphrase for “CI key”',
    );
    await pin.getByLabel('New passphrase').fill('a new passphrase for ci');
    await pin.getByLabel('Type it again').fill('a new passphrase for ci');
    await clickThatClosesWindow(pin.getByRole('button', { name: 'Use this passphrase' }));
    await card('CI key').waitFor();
    const asked = (await app.confirmations()).at(-1);
    expect(asked?.message).toBe('Import the secret key in ci-key.key as “CI key”?');
    expect(asked?.detail).toContain(`From the file: ${made.secretKeyFile}`);
    expect(asked?.detail).toContain('not protected by a passphrase');
    await expect(card('CI key').textContent()).resolves.toContain(minisignKeyId(made));
    const imported = (await app.keystore.list()).find((k) => k.name === 'CI key');
    await expect(app.keystore.unlock(imported!.id, 'a new passphrase for ci')).resolves.toBeDefined();
  });

  it('asks again in main’s window after a wrong passphrase ("Try 2 of 3"), and imports nothing when cancelled', async () => {
    // The backup from above is a passphrase-protected minisign key file with cheap scrypt limits.
    await app.page.getByRole('button', { name: 'Import key…' }).click();
    const form = app.page.locator('form', { has: app.page.getByRole('heading', { name: 'Import a key' }) });
    await app.willOpen(join(tools, 'release-backup.key'));
    await form.getByRole('button', { name: 'Choose key file…' }).click();
    await form
      .getByTestId('import-file')
      .filter({ hasText: /^release-backup\.key$/ })
      .waitFor();
    await form.getByLabel('Name').fill('Restored key');
    await app.willConfirm(true);
    await form.getByRole('button', { name: 'Import key' }).click();
    await app.typePassphrase('not it');
    const retry = await app.passphraseWindow();
    await expect(retry.getByRole('alert').textContent()).resolves.toBe(
      'Try 2 of 3: that passphrase does not unlock this key.',
    );
    await screenshot(retry, 'passphrase-window-try-again');
    await retry.getByRole('button', { name: 'Cancel' }).click();
    const alert = form.getByRole('alert');
    await alert.filter({ hasText: 'The key was not imported' }).waitFor();
    await expect(alert.textContent()).resolves.toContain('No passphrase was given. No key was imported.');
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
    await form
      .getByTestId('import-file')
      .filter({ hasText: /^laptop\.key$/ })
      .waitFor();
    await form.getByLabel('Name').fill('Laptop key');
    await app.willConfirm(true);
    await form.getByRole('button', { name: 'Import key' }).click();
    const pin = await app.passphraseWindow();
    await expect(pin.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Passphrase of laptop.key',
    );
    await screenshot(pin, 'passphrase-window');
    await app.typePassphrase('laptop secret words');
    // minisign's own scrypt cost (about 1 GiB) to open the file: slow under load, so the bound is
    // generous. Once it opened, main asks for the passphrase Signet will keep, typed twice.
    const next = await promptTitled('New passphrase for “Laptop key”');
    await expect(next.getByRole('main').textContent()).resolves.toContain('laptop.key opened.');
    await app.typePassphrase('a new laptop passphrase');
    await card('Laptop key').waitFor({ timeout: 150_000 });
    const laptopKey = (await app.keystore.list()).find((k) => k.name === 'Laptop key')!;
    await expect(app.keystore.unlock(laptopKey.id, 'a new laptop passphrase')).resolves.toBeDefined();
    await expect(card('Laptop key').textContent()).resolves.toContain(minisignKeyId(made));
  }, 180_000);

  it('deletes a key only after its name is typed and main confirms, moving it to the trash', async () => {
    await card('CI key').getByRole('button', { name: 'Delete…' }).click();
    const dialog = app.page.getByRole('dialog', { name: 'Delete “CI key”?' });
    await dialog.waitFor();
    const confirm = dialog.getByRole('button', { name: 'Delete key' });
    await expect(confirm.isDisabled()).resolves.toBe(true);
    await dialog.getByLabel(/Type the key's name to confirm/).fill('ci key');
    await expect.poll(() => confirm.isDisabled()).toBe(true);
    await dialog.getByLabel(/Type the key's name to confirm/).fill('CI key');
    await screenshot(app.page, 'keys-delete-confirm');
    const ciKey = (await app.keystore.list()).find((k) => k.name === 'CI key')!;
    await app.willConfirm(true);
    await confirm.click();
    await app.page.getByRole('status').filter({ hasText: 'Key “CI key” moved to the trash' }).waitFor();
    const asked = (await app.confirmations()).at(-1);
    expect(asked?.message).toBe('Move your key “CI key” to the trash?');
    expect(asked?.detail).toContain(`Key id: ${ciKey.keyId}`);
    // In the (stand-in) OS trash, not unlinked.
    await expect(stat(join(app.dirs.root, 'trash', `${ciKey.id}.key`))).resolves.toBeTruthy();
    await expect(card('CI key').count()).resolves.toBe(0);
    const names = (await app.keystore.list()).map((k) => k.name);
    expect(names).toEqual(['Release key 2025', 'Laptop key']);
    await screenshot(app.page, 'keys-list');
    await app.page.setViewportSize({ width: 720, height: 780 });
    await screenshot(app.page, 'keys-list-720');
    expect(await readFile(join(tools, 'release.pub'), 'utf8')).toContain('minisign public key');
    expect(app.pageProblems).toEqual([]);
  });
});
