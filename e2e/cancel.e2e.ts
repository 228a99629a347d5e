import { copyFile, open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchApp, type SignetApp } from './harness/launch';
import { TEST_KDF } from './harness/main-side';
import { caseDir, makeFile, minisignKeyPair, minisignSign } from './harness/tools';
import { goTo, screenshot } from './harness/ui';

const FOUR_GIB = 4 * 1024 ** 3;

let app: SignetApp;
let huge: string;
let unsigned: string;

/** A 4 GiB file that takes no disk space (like `truncate -s 4G`), but must still be read to be hashed. */
async function sparseFile(path: string, size: number): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await handle.truncate(size);
  } finally {
    await handle.close();
  }
}

beforeAll(async () => {
  app = await launchApp();
  const dir = await caseDir(app.dirs.work, 'big');
  huge = join(dir, 'disk-image.iso');
  await sparseFile(huge, FOUR_GIB);
  unsigned = join(dir, 'backup.img');
  await sparseFile(unsigned, FOUR_GIB);
  // A well-formed signature of another file: checking it means hashing all 4 GiB first.
  const tools = await caseDir(app.dirs.root, 'tools');
  const key = await minisignKeyPair(tools, 'publisher');
  const small = await makeFile(tools, 'small.iso', 'small');
  await copyFile(minisignSign(key, small), `${huge}.minisig`);
});

afterAll(async () => {
  await app?.close();
});

describe('Long work shows progress with its speed and can be cancelled', () => {
  it('cancels the check of a 4 GiB file and says so, giving no verdict', async () => {
    await app.willOpen(huge);
    await app.page.getByRole('button', { name: 'Choose file…' }).click();
    const progress = app.page.getByTestId('progress');
    await progress.waitFor();
    // A progress event has arrived once the speed is shown.
    await app.page.getByTestId('progress-speed').filter({ hasText: /\/s$/ }).waitFor();
    await expect(progress.textContent()).resolves.toMatch(/of 4\.3 GB/);
    await screenshot(app.page, 'verify-progress');
    await progress.getByRole('button', { name: 'Cancel' }).click();
    await app.page.getByRole('status').filter({ hasText: 'Checking was cancelled' }).waitFor();
    await expect(app.page.locator('article[data-verdict]').count()).resolves.toBe(0);
    await expect(progress.count()).resolves.toBe(0);
    await screenshot(app.page, 'verify-cancelled');
  });

  it('cancels signing a 4 GiB file and writes no signature', async () => {
    const key = await app.keystore.create({
      name: 'Build key',
      passphrase: 'build passphrase',
      kdf: TEST_KDF,
    });
    await goTo(app.page, 'sign');
    await app.page.getByLabel('Key', { exact: true }).selectOption(key.keyId);
    await app.willOpen(unsigned);
    await app.page.getByRole('button', { name: 'Choose files…' }).click();
    await app.page
      .getByRole('list', { name: 'Files to sign' })
      .getByText('backup.img', { exact: true })
      .waitFor();
    await app.willConfirm(true);
    await app.page.getByRole('main').getByRole('button', { name: 'Sign', exact: true }).click();
    await app.typePassphrase('build passphrase');
    const progress = app.page.getByTestId('progress');
    await app.page.getByTestId('progress-speed').filter({ hasText: /\/s$/ }).waitFor();
    await screenshot(app.page, 'sign-progress');
    await progress.getByRole('button', { name: 'Cancel' }).click();
    await app.page.getByRole('status').filter({ hasText: 'Signing was cancelled' }).waitFor();
    // Nothing was signed, so the file waits in the list for another try.
    await expect(app.page.getByTestId('sign-outcome').count()).resolves.toBe(0);
    await expect(
      app.page
        .getByRole('list', { name: 'Files to sign' })
        .getByText('backup.img', { exact: true })
        .isVisible(),
    ).resolves.toBe(true);
    await expect(stat(`${unsigned}.minisig`)).rejects.toThrow(/ENOENT/);
    await screenshot(app.page, 'sign-cancelled');
    expect(app.pageProblems).toEqual([]);
  });
});
