import { execFileSync } from 'node:child_process';
import { appendFile, copyFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationsShown } from './harness/app';
import { launchApp, type SignetApp } from './harness/launch';
import { caseDir, makeFile, minisignKeyPair, minisignSign, type ToolKey } from './harness/tools';
import { goTo, screenshot, verdictCard } from './harness/ui';

/**
 * With the setting on, a file that finishes downloading into the watched folder is checked
 * by main as a drop is, its verdict arrives as a system notification (recorded: FakeNotifier here,
 * Electron's own Notification objects under SIGNET_E2E_ELECTRON=1), and clicking it opens the card.
 */
let app: SignetApp;
let notices: NotificationsShown;
let acme: ToolKey;

beforeAll(async () => {
  app = await launchApp();
  const tools = await caseDir(app.dirs.root, 'tools');
  acme = await minisignKeyPair(tools, 'acme');
  await app.trust.add({ keyText: acme.publicKeyText, name: 'Acme Releases' });
});

afterAll(async () => {
  await app?.close();
});

describe('checking every new download', () => {
  it('is off until the person turns it on, and main asks them first', async () => {
    notices = app.notifications;
    await goTo(app.page, 'settings');
    const toggle = app.page.getByRole('checkbox', { name: 'Check every new download' });
    await expect.poll(() => toggle.isEnabled()).toBe(true);
    expect(await toggle.isChecked()).toBe(false);
    await app.page.getByRole('status').filter({ hasText: 'Off. New downloads are not checked.' }).waitFor();

    // Cancel in main's dialog: it stays off.
    await toggle.click();
    await app.page
      .getByRole('status')
      .filter({ hasText: /^Off\./ })
      .waitFor();
    await expect.poll(() => app.confirmations().then((asked) => asked.length)).toBe(1);
    await expect.poll(() => toggle.isChecked()).toBe(false);

    await app.willConfirm(true);
    await toggle.click();
    await app.page
      .getByRole('status')
      .filter({ hasText: 'On. Each new download is checked when it finishes.' })
      .waitFor();
    expect(await toggle.isChecked()).toBe(true);
    await screenshot(app.page, 'screen-settings-download-check-on-light');
    const asked = await app.confirmations();
    expect(asked).toHaveLength(2);
    expect(asked[1]).toMatchObject({
      message: 'Check every file that finishes downloading?',
      confirmLabel: 'Turn on',
    });
    expect(asked[1]?.detail).toContain(`Folder: ${app.dirs.downloads}`);
    expect(asked[1]?.detail).toContain('Nothing is uploaded.');
  });

  it('says the verdict of a finished download in a notification, and clicking it opens the card', async () => {
    // The signature came down first; the installer arrives as Firefox writes it: .part, then renamed.
    const staging = await caseDir(app.dirs.work, 'server');
    const original = await makeFile(staging, 'acme-setup.exe', 'the real installer\n');
    minisignSign(acme, original);
    await copyFile(`${original}.minisig`, join(app.dirs.downloads, 'acme-setup.exe.minisig'));
    const seen = await notices.count();
    // A signature that comes before its file says nothing yet; the file's own arrival is checked.
    const partial = join(app.dirs.downloads, 'acme-setup.exe.part');
    await writeFile(partial, 'the real ');
    await appendFile(partial, 'installer\n');
    const installer = notices.next(seen);
    await rename(partial, join(app.dirs.downloads, 'acme-setup.exe'));
    const notice = await installer;
    expect(notice.title).toBe('Verified: made by Acme Releases');
    expect(notice.body.split('\n')[0]).toBe('acme-setup.exe');
    expect(await notices.count()).toBe(seen + 1);

    await goTo(app.page, 'settings');
    await notice.click();
    const card = verdictCard(app.page, 'acme-setup.exe');
    await card.waitFor();
    expect(await card.getAttribute('data-verdict')).toBe('verified');
    await app.page.getByRole('heading', { level: 1, name: 'Verify' }).waitFor();
    await screenshot(app.page, 'download-notification-opened-card');
  });

  it('tells of a download that is not signed, with its name escaped, and refuses a FIFO quietly', async () => {
    const seen = await notices.count();
    // A FIFO with no writer would block any reader for ever; the watcher never opens it.
    execFileSync('mkfifo', [join(app.dirs.downloads, 'trap.iso')]);
    await writeFile(join(app.dirs.downloads, 'invoice\u202Efdp.exe'), 'no signature anywhere\n');
    const notice = await notices.next(seen);
    // Hidden characters make this program look like a PDF: the title says what it is first.
    expect(notice.title).toBe('This is a Windows program: No signature found for this file');
    expect(notice.body.split('\n')[0]).toBe('invoice\\u{202E}fdp.exe');
    await notice.click();
    const card = app.page.locator('article[data-verdict="no-signature"]');
    await card.first().waitFor();
    expect(await notices.count()).toBe(seen + 1);
    expect(app.pageProblems).toEqual([]);
  });

  it('turns off without asking, and main keeps the setting', async () => {
    await goTo(app.page, 'settings');
    const toggle = app.page.getByRole('checkbox', { name: 'Check every new download' });
    await toggle.click();
    await app.page
      .getByRole('status')
      .filter({ hasText: /^Off\./ })
      .waitFor();
    expect(await app.confirmations()).toHaveLength(2);
    const { readFile } = await import('node:fs/promises');
    const saved = JSON.parse(await readFile(join(app.dirs.config, 'settings.json'), 'utf8'));
    expect(saved).toMatchObject({ version: 1, watchDownloads: false });
  });
});
