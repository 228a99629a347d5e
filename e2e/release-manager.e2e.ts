import { mkdirSync } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyInfo } from '../shared/ipc/contract';
import { launchApp, type SignetApp } from './harness/launch';
import { TEST_KDF } from './harness/main-side';
import { screenshotDir } from './harness/paths';
import { caseDir, makeFile, run } from './harness/tools';
import { clickThatClosesWindow, goTo, screenshot, seriousA11yFindings } from './harness/ui';

// The release manager's experience, from an outside review of the sign flow: the passphrase window
// fits its content, a very weak passphrase is refused for a new key, a large file's progress and
// time left stay in view, the kit keeps the key apart from the files, a cancel is a calm note, and a
// key can be retired in favour of a new one with a statement both sign.

const PASSPHRASE = 'harbour lantern quartz meadow';
const NEW_PASSPHRASE = 'orchard violet pebble compass';

let app: SignetApp;
let key: KeyInfo;
let release: string;

/** What the person sees in the window now (not the full page). */
async function viewportShot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, animations: 'disabled' });
  return path;
}

/** Whether all of an element is inside its page's visible area. */
function inView(target: Locator): Promise<boolean> {
  return target.evaluate((element) => {
    const box = element.getBoundingClientRect();
    return box.top >= 0 && box.bottom <= window.innerHeight && box.height > 0;
  });
}

const card = (name: string) =>
  app.page
    .locator('article.card')
    .filter({ has: app.page.getByRole('heading', { level: 3, name, exact: true }) });

beforeAll(async () => {
  app = await launchApp();
  key = await app.keystore.create({ name: 'Release key 2025', passphrase: PASSPHRASE, kdf: TEST_KDF });
  release = await caseDir(app.dirs.work, 'acme-5.0');
});

afterAll(async () => {
  await app?.close();
});

describe('The release manager’s sign flow', () => {
  it('the passphrase window fits its content: strength hint, refusal and buttons all in view; "password1" is refused', async () => {
    await goTo(app.page, 'keys');
    await app.page.getByRole('button', { name: 'Create key…' }).click();
    const form = app.page.locator('form', { has: app.page.getByRole('heading', { name: 'Create a key' }) });
    await expect(form.getByText(/the release kit says “Release signed by” this name/).count()).resolves.toBe(
      1,
    );
    await form.getByLabel('Name').fill('Release key 2026');
    await form.getByRole('button', { name: 'Create key' }).click();

    const pin = await app.passphraseWindow();
    await pin.getByLabel('New passphrase').fill('password1');
    await pin.getByLabel('Type it again').fill('password1');
    await pin.getByText('Strength: Very weak.', { exact: true }).waitFor();
    await pin.getByRole('button', { name: 'Use this passphrase' }).click();
    const refused = pin.getByRole('alert').filter({ hasText: 'That passphrase is very weak' });
    await refused.waitFor();
    // main sizes the window to the page's own height; wait until it has (the page reports it).
    await expect
      .poll(() => pin.evaluate(() => Math.abs(window.innerHeight - document.documentElement.offsetHeight)))
      .toBeLessThanOrEqual(1);
    const submit = pin.getByRole('button', { name: 'Use this passphrase' });
    await expect(inView(submit)).resolves.toBe(true);
    await expect(inView(pin.getByRole('button', { name: 'Cancel' }))).resolves.toBe(true);
    await expect(inView(pin.locator('#strength'))).resolves.toBe(true);
    // Taller than the old fixed 340 px window, which hid the buttons.
    await expect(pin.evaluate(() => window.innerHeight)).resolves.toBeGreaterThan(340);
    await viewportShot(pin, 'release-manager-1-passphrase-window-weak');
    expect(await seriousA11yFindings(pin)).toEqual([]);
    await expect(app.keystore.list()).resolves.toHaveLength(1);

    await pin.getByLabel('New passphrase').fill(NEW_PASSPHRASE);
    await pin.getByLabel('Type it again').fill(NEW_PASSPHRASE);
    await clickThatClosesWindow(submit);
    await card('Release key 2026').waitFor();
  });

  it('the release kit keeps what goes beside the files apart from the key, with Windows lines', async () => {
    await goTo(app.page, 'sign');
    await app.page
      .getByLabel('Key', { exact: true })
      .selectOption({ label: `Release key 2025 (${key.keyId})` });
    const files = [
      await makeFile(release, 'acme-5.0.tar.gz', 'tarball\n'.repeat(500)),
      await makeFile(release, 'acme-5.0-setup.exe', 'installer\n'.repeat(500)),
    ];
    await app.willOpen(...files);
    await app.page.getByRole('button', { name: 'Choose files…' }).click();
    await app.page
      .getByRole('list', { name: 'Files to sign' })
      .getByText('acme-5.0-setup.exe', { exact: true })
      .waitFor();
    await app.page.getByLabel('Also write and sign a SHA256SUMS list').check();
    await app.willConfirm(true);
    await app.page.getByRole('button', { name: 'Sign 2 files' }).click();
    await app.typePassphrase(PASSPHRASE);
    const beside = app.page.getByTestId('release-kit-beside-files');
    const elsewhere = app.page.getByTestId('release-kit-key-elsewhere');
    await elsewhere.filter({ hasText: 'Get-FileHash' }).waitFor();
    await expect(beside.getByRole('heading', { level: 3 }).textContent()).resolves.toBe(
      'Publish beside the files',
    );
    await expect(elsewhere.getByRole('heading', { level: 3 }).textContent()).resolves.toBe(
      'Publish the key where you control it',
    );
    const keyText = (await elsewhere.locator('pre').textContent()) ?? '';
    expect(keyText).toContain(`Release signed by Release key 2025\nKey id: ${key.keyId}`);
    expect(keyText).toContain("(Get-FileHash -Algorithm SHA256 -LiteralPath 'acme-5.0.tar.gz').Hash -eq '");
    expect(await beside.locator('pre').textContent()).not.toContain(key.publicKey);
    // The sh lines work as pasted, in the release folder.
    for (const line of keyText.split('\n').filter((l) => /^(minisign|sha256sum) /.test(l))) {
      run('sh', ['-c', line], '', release);
    }
    await screenshot(
      app.page.getByRole('region', { name: 'Release kit' }),
      'release-manager-2-kit-two-parts',
    );
  });

  it('cancelling main’s replace dialog is a calm note, not an error', async () => {
    await app.willOpen(join(release, 'acme-5.0.tar.gz'));
    await app.page.getByRole('button', { name: 'Choose files…' }).click();
    await app.page
      .getByRole('list', { name: 'Files to sign' })
      .getByText('acme-5.0.tar.gz', { exact: true })
      .waitFor();
    await app.page.getByLabel('Also write and sign a SHA256SUMS list').uncheck();
    const before = await readFile(join(release, 'acme-5.0.tar.gz.minisig'), 'utf8');
    // No answer queued: main's dialog is cancelled, its default.
    await app.page.getByRole('main').getByRole('button', { name: 'Sign', exact: true }).click();
    const note = app.page.getByRole('status').filter({ hasText: 'Not signed' });
    await note
      .filter({ hasText: 'You chose not to replace existing files. Nothing was signed or replaced.' })
      .waitFor();
    await expect(app.page.getByRole('alert').filter({ hasText: 'Could not sign' }).count()).resolves.toBe(0);
    await expect(readFile(join(release, 'acme-5.0.tar.gz.minisig'), 'utf8')).resolves.toBe(before);
    await note.scrollIntoViewIfNeeded();
    await viewportShot(app.page, 'release-manager-3-calm-cancel');
    await app.page.getByRole('button', { name: 'Remove acme-5.0.tar.gz' }).click();
  });

  it('signing a 1.6 GB file shows its progress and time left in the sticky bar, in view', async () => {
    // The reviewer's case: one large file in the default window, where the progress used to sit below the fold.
    const big = join(release, 'acme-5.0-disk.img');
    const handle = await open(big, 'w');
    await handle.truncate(1600 * 1024 ** 2);
    await handle.close();
    await app.willOpen(big);
    await app.page.getByRole('button', { name: 'Choose files…' }).click();
    await app.page
      .getByRole('list', { name: 'Files to sign' })
      .getByText('acme-5.0-disk.img', { exact: true })
      .waitFor();
    await app.willConfirm(true);
    await app.page.getByRole('main').getByRole('button', { name: 'Sign', exact: true }).click();
    await app.typePassphrase(PASSPHRASE);

    const bar = app.page.getByTestId('sign-action-bar');
    const left = bar.getByTestId('progress-time-left');
    await left.waitFor();
    await expect(left.textContent()).resolves.toMatch(/(seconds?|minutes?|hours?) left|Almost done/);
    await expect(bar.getByTestId('progress').textContent()).resolves.toContain('Signing acme-5.0-disk.img');
    await app.page.evaluate(() => window.scrollTo(0, 0));
    await expect(inView(bar.getByTestId('progress'))).resolves.toBe(true);
    await viewportShot(app.page, 'release-manager-4-sign-progress-sticky');
    await bar.getByRole('button', { name: 'Cancel' }).click();
    await app.page.getByRole('status').filter({ hasText: 'Signing was cancelled' }).waitFor();
    await expect(stat(`${big}.minisig`)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('announces the new key with a statement both keys sign, and the old key’s card says it is retired', async () => {
    await goTo(app.page, 'keys');
    const old = card('Release key 2025');
    await old.getByRole('button', { name: 'Announce a new key…' }).click();
    const [, next] = await app.keystore.list();
    await old
      .getByLabel('New key', { exact: true })
      .selectOption({ label: `Release key 2026 (${next!.keyId})` });
    await old.getByLabel('Reason (optional)').fill('Yearly rotation');
    expect(await seriousA11yFindings(app.page)).toEqual([]);
    const statement = join(app.dirs.root, 'acme-key-transition.txt');
    await app.willSave(statement);
    await old.getByRole('button', { name: 'Write and sign the statement…' }).click();
    await app.typePassphrase(PASSPHRASE);
    await app.typePassphrase(NEW_PASSPHRASE);
    await old.getByTestId('key-retired').waitFor();
    await expect(old.getByTestId('key-retired').textContent()).resolves.toMatch(
      new RegExp(`^Retired .+, replaced by “Release key 2026” \\(${next!.keyId}\\): Yearly rotation$`),
    );
    await expect(old.getByTestId('key-transition-written').textContent()).resolves.toContain(statement);
    await expect(card('Release key 2026').getByTestId('key-retired').count()).resolves.toBe(0);
    for (const signer of [key, next!]) {
      run('minisign', [
        '-V',
        '-m',
        statement,
        '-x',
        `${statement}.${signer.keyId}.minisig`,
        '-P',
        signer.publicKey,
      ]);
    }
    await screenshot(old, 'release-manager-5-retired-key-card');
    expect(await seriousA11yFindings(app.page)).toEqual([]);
    expect(app.pageProblems).toEqual([]);
  });
});
