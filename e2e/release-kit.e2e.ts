import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyInfo } from '../shared/ipc/contract';
import { launchApp, type SignetApp } from './harness/launch';
import { TEST_KDF } from './harness/main-side';
import { repoRoot, screenshotDir } from './harness/paths';
import { caseDir, makeFile, minisignAccepts, run } from './harness/tools';
import { goTo, screenshot, seriousA11yFindings } from './harness/ui';

// A release manager's afternoon: 20 files signed in one go with a signed comment, main's own word
// on what is written and replaced, every signature re-checked, a release kit whose commands work,
// and the CLI and the app writing one journal.

const PASSPHRASE = 'harbour lantern quartz meadow';
const CLI = join(repoRoot, 'dist', 'cli', 'signet.mjs');

let app: SignetApp;
let key: KeyInfo;
let release: string;
let files: string[];

/** What the person sees in the window right now (not the full page): the sticky bar must be in it. */
async function viewportShot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), animations: 'disabled' });
}

/** Runs one command line of the kit in the release folder, `signet` being the built CLI. */
function runKitLine(line: string): { status: number; output: string } {
  try {
    const output = run(
      'sh',
      ['-c', line.replace(/^signet /, `"${process.execPath}" "${CLI}" `)],
      '',
      release,
    );
    return { status: 0, output };
  } catch (error) {
    return { status: 1, output: String(error) };
  }
}

beforeAll(async () => {
  app = await launchApp();
  key = await app.keystore.create({ name: 'Release key 2025', passphrase: PASSPHRASE, kdf: TEST_KDF });
  release = await caseDir(app.dirs.work, 'acme-4.2');
  files = [];
  for (let i = 1; i <= 20; i += 1) {
    const name = `acme-4.2-part-${String(i).padStart(2, '0')}.tar.gz`;
    files.push(await makeFile(release, name, `part ${i}\n`.repeat(200 * i)));
  }
  await goTo(app.page, 'sign');
});

afterAll(async () => {
  await app?.close();
});

describe('Signing a release of 20 files', () => {
  it('lists them compactly, with the signed comment typed, and the Sign button stays in view', async () => {
    await app.willOpen(...files);
    await app.page.getByRole('button', { name: 'Choose files…' }).click();
    const list = app.page.getByRole('list', { name: 'Files to sign' });
    await list.getByText('acme-4.2-part-20.tar.gz', { exact: true }).waitFor();
    await expect(list.getByRole('listitem').count()).resolves.toBe(20);
    await app.page.getByLabel('Also write and sign a SHA256SUMS list').check();
    await app.page.getByLabel('Signed comment (optional)').fill('Acme 4.2, release build');
    await expect(list.getByText('Acme 4.2, release build').count()).resolves.toBe(20);

    const sign = app.page.getByRole('button', { name: 'Sign 20 files' });
    await app.page.evaluate(() => window.scrollTo(0, 0));
    const inView = () =>
      sign.evaluate((button) => {
        const box = button.getBoundingClientRect();
        return box.top >= 0 && box.bottom <= window.innerHeight;
      });
    await expect(inView()).resolves.toBe(true);
    await expect(app.page.getByTestId('sign-action-bar').textContent()).resolves.toContain(
      '20 files and SHA256SUMS',
    );
    await viewportShot(app.page, 'release-sign-20-files');
    await app.page.evaluate(() => window.scrollTo(0, document.body.scrollHeight / 2));
    await expect(inView()).resolves.toBe(true);
  });

  it('main says what it will write before asking for the passphrase, then re-checks all 21 signatures', async () => {
    await app.willConfirm(true);
    await app.page.getByRole('button', { name: 'Sign 20 files' }).click();
    await app.typePassphrase(PASSPHRASE);
    await app.page.getByRole('heading', { level: 2, name: 'Signed 20 files' }).waitFor();

    const asked = (await app.confirmations()).at(-1);
    expect(asked?.message).toBe('Sign 20 files with “Release key 2025”?');
    expect(asked?.detail).toContain(`Key: Release key 2025 (key id ${key.keyId})`);
    expect(asked?.detail).toContain('Signed comment: Acme 4.2, release build');
    expect(asked?.detail).toContain(`Will write (22):\n  ${join(release, 'SHA256SUMS')}`);
    expect(asked?.detail).toContain('and 10 more');

    await expect(app.page.getByTestId('sign-recheck').textContent()).resolves.toBe(
      `All 21 signatures checked against Release key 2025 (key id ${key.keyId}).`,
    );
    const pub = join(app.dirs.root, 'release.pub');
    await writeFile(pub, await app.keystore.publicKeyText(key.id));
    for (const file of [files[0]!, files[19]!, join(release, 'SHA256SUMS')]) {
      expect(minisignAccepts(pub, file)).toBe(true);
    }
    expect(await readFile(`${files[0]}.minisig`, 'utf8')).toContain(
      'trusted comment: Acme 4.2, release build\n',
    );
    await screenshot(app.page, 'release-signed');
  });

  it('shows a release kit whose commands, copied and run as they are, check the release', async () => {
    // Two parts: the list and signatures beside the files, the key (and the commands carrying it) elsewhere.
    const beside = app.page.getByTestId('release-kit-beside-files');
    const elsewhere = app.page.getByTestId('release-kit-key-elsewhere');
    await elsewhere.filter({ hasText: 'sha256sum -c SHA256SUMS' }).waitFor();
    const besideText = (await beside.locator('pre').textContent()) ?? '';
    const keyText = (await elsewhere.locator('pre').textContent()) ?? '';
    expect(keyText).toContain(`Key id: ${key.keyId}`);
    expect(keyText).toContain(`untrusted comment: minisign public key ${key.keyId}\n${key.publicKey}\n`);
    expect(besideText).not.toContain(key.publicKey);
    expect(besideText).toContain(await readFile(join(release, 'SHA256SUMS'), 'utf8'));
    expect(besideText).toContain('  SHA256SUMS.minisig\n');

    await app.page.getByRole('button', { name: 'Copy all of the release kit' }).click();
    const copied = await app.readClipboard();
    expect(copied).toContain(besideText);
    expect(copied).toContain(keyText);
    const text = copied;
    const lines = copied.split('\n').filter((line) => /^(signet|minisign|sha256sum) /.test(line));
    expect(lines.map((line) => line.split(' ').slice(0, 2).join(' '))).toEqual([
      'signet check',
      'minisign -Vm',
      'sha256sum -c',
      'minisign -Vm',
      'signet verify',
    ]);
    for (const line of lines) expect(runKitLine(line), line).toMatchObject({ status: 0 });

    const saved = join(app.dirs.root, 'kit.txt');
    await app.willSave(saved);
    await app.page.getByRole('button', { name: 'Save as file…' }).click();
    await app.page.getByRole('status').filter({ hasText: 'Release kit saved to' }).waitFor();
    await expect(readFile(saved, 'utf8')).resolves.toBe(text);
    await screenshot(app.page.getByRole('region', { name: 'Release kit' }), 'release-kit');
    expect(await seriousA11yFindings(app.page)).toEqual([]);
    await app.page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(app.page, 'release-signed-dark');
    expect(await seriousA11yFindings(app.page, ['color-contrast'])).toEqual([]);
    await app.page.setViewportSize({ width: 720, height: 780 });
    await screenshot(app.page, 'release-signed-720-dark');
    await app.page.setViewportSize({ width: 1120, height: 780 });
    await app.page.emulateMedia({ colorScheme: 'light' });
  });

  it('asks before replacing, and "Skip those that exist" leaves existing signatures as they were', async () => {
    const before = await readFile(`${files[0]}.minisig`, 'utf8');
    const extra = await makeFile(release, 'acme-4.2-notes.txt', 'notes\n');
    await app.willOpen(files[0]!, files[1]!, extra);
    await app.page.getByRole('button', { name: 'Choose files…' }).click();
    await app.page
      .getByRole('list', { name: 'Files to sign' })
      .getByText('acme-4.2-notes.txt', { exact: true })
      .waitFor();
    await app.page.getByLabel('Also write and sign a SHA256SUMS list').uncheck();
    // The page already hints which files have a signature; main still asks, in its own words.
    await expect
      .poll(() => app.page.getByRole('list', { name: 'Files to sign' }).getByTestId('already-signed').count())
      .toBe(2);
    await screenshot(app.page, 'release-before-skip');
    await app.willConfirm('alternative');
    await app.page.getByRole('button', { name: 'Sign 3 files' }).click();
    await app.typePassphrase(PASSPHRASE);
    await app.page
      .getByRole('heading', { level: 2, name: 'Signed 1 file, skipped 2 that already had one' })
      .waitFor();
    const asked = (await app.confirmations()).at(-1);
    expect(asked?.message).toBe(
      'Sign 3 files with “Release key 2025”? 2 of the files to write already exist.',
    );
    expect(asked?.confirmLabel).toBe('Replace and sign');
    expect(asked?.alternativeLabel).toBe('Skip those that exist');
    expect(asked?.detail).toContain(
      `Already there, will be replaced unless you skip them (2):\n  ${files[0]}.minisig\n  ${files[1]}.minisig`,
    );
    await expect(readFile(`${files[0]}.minisig`, 'utf8')).resolves.toBe(before);
    await expect(app.page.getByTestId('sign-recheck').textContent()).resolves.toContain(
      'The signature was read back and checked against Release key 2025',
    );
    await screenshot(app.page, 'release-skip-existing');
  });
});

describe('One journal: the app and the CLI', () => {
  it('a signing by the signet command, with a key the app made, appears in Activity with the key’s name and whole hash', async () => {
    const cliFile = await makeFile(release, 'acme-4.2-cli.zip', 'from the build script\n');
    // The CLI pointed at the app's own config folder, as both are on a real machine by default.
    const out = execFileSync(process.execPath, [CLI, 'sign', '--key', 'Release key 2025', cliFile], {
      env: { ...process.env, SIGNET_CONFIG_DIR: app.dirs.config, SIGNET_PASSPHRASE: PASSPHRASE },
    }).toString();
    expect(out).toContain('The signature was checked against "Release key 2025"');
    await goTo(app.page, 'activity');
    const row = app.page.locator('tbody tr').filter({ hasText: 'acme-4.2-cli.zip' });
    await row.waitFor();
    const digest = run('sha256sum', [cliFile]).split(' ')[0]!;
    await expect(row.getByTestId('activity-sha256').textContent()).resolves.toBe(digest);
    await expect(row.textContent()).resolves.toContain('Release key 2025');
    await expect(row.textContent()).resolves.toContain(key.keyId);
    await row.getByRole('button', { name: /^Copy SHA-256/ }).click();
    await expect(app.readClipboard()).resolves.toBe(digest);
    // 21 from the app, 1 after skipping, 1 from the CLI.
    await expect(app.page.locator('tbody tr').count()).resolves.toBe(23);
    await screenshot(app.page, 'activity-journal-light');
    await app.page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(app.page, 'activity-journal-dark');
    expect(await seriousA11yFindings(app.page, ['color-contrast'])).toEqual([]);
    await app.page.setViewportSize({ width: 720, height: 780 });
    await screenshot(app.page, 'activity-journal-720');
    await app.page.emulateMedia({ colorScheme: 'light' });
    expect(app.pageProblems).toEqual([]);
  });
});
