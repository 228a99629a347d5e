import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchApp, type SignetApp } from './harness/launch';
import { caseDir, makeFile, minisignKeyPair, minisignSign, type ToolKey } from './harness/tools';
import { screenshot, verdictCard } from './harness/ui';
import { chooseAndWait } from './harness/verify-ui';

// The five screens a new user meets first, in order (e2e/README.md, "A newcomer's first five
// screens"): a fresh start, a first download from a publisher not yet trusted, adding that
// publisher from the answer, the same file verified, and a download with only a website checksum.

let app: SignetApp;
let publisher: ToolKey;
let download: string;
let plain: string;
const PLAIN_BYTES = 'a small utility\n'.repeat(40);

beforeAll(async () => {
  app = await launchApp();
  const tools = await caseDir(app.dirs.root, 'publisher');
  publisher = await minisignKeyPair(tools, 'acme');
  const downloads = await caseDir(app.dirs.work, 'Downloads');
  download = await makeFile(downloads, 'acme-setup-4.2.exe', 'Acme setup program\n'.repeat(300));
  minisignSign(publisher, download);
  const other = await caseDir(app.dirs.work, 'Downloads-2');
  plain = await makeFile(other, 'tiny-utility.zip', PLAIN_BYTES);
});

afterAll(async () => {
  await app?.close();
});

describe('a newcomer’s first five screens', () => {
  it('1. the first start: one thing to do, and how', async () => {
    await app.page.getByRole('heading', { level: 1, name: 'Verify' }).waitFor();
    await expect(app.page.getByTestId('dropzone').textContent()).resolves.toContain(
      'Drop files to check them',
    );
    await screenshot(app.page, 'newcomer-1-first-start');
  });

  it('2. the first download: signed, but by nobody they trust yet, with a step they can take', async () => {
    await chooseAndWait(app, download);
    const card = verdictCard(app.page, 'acme-setup-4.2.exe');
    await expect(card.getByRole('heading', { level: 3 }).textContent()).resolves.toBe(
      'Signed, but not by anyone you trust',
    );
    await expect(card.locator('.verdict__next').textContent()).resolves.toContain('get their public key');
    await screenshot(app.page, 'newcomer-2-first-answer');
  });

  it('3. "Trust this signer…" leads to adding the publisher’s key', async () => {
    await verdictCard(app.page, 'acme-setup-4.2.exe')
      .getByRole('button', { name: 'Trust this signer…' })
      .click();
    await app.page.getByRole('heading', { level: 1, name: 'Trusted signers' }).waitFor();
    const form = app.page.locator('form', { has: app.page.getByRole('heading', { name: 'Add a signer' }) });
    await app.page.getByLabel('In a file').check();
    await app.willOpen(publisher.publicKeyFile);
    await form.getByRole('button', { name: 'Choose public key file…' }).click();
    await form.getByTestId('public-key-file').filter({ hasText: 'acme.pub' }).waitFor();
    await app.page.getByLabel('Name', { exact: true }).fill('Acme Releases');
    await screenshot(app.page, 'newcomer-3-add-signer');
    await app.willConfirm(true);
    await form.getByRole('button', { name: 'Add signer' }).click();
    await app.page.getByRole('button', { name: 'Check the file again' }).click();
  });

  it('4. the same file, verified: who made it and that it has not changed', async () => {
    await app.page.getByRole('heading', { level: 1, name: 'Verify' }).waitFor();
    const card = verdictCard(app.page, 'acme-setup-4.2.exe');
    await card.waitFor();
    await expect(card.getByRole('heading', { level: 3 }).textContent()).resolves.toBe(
      'Verified: made by Acme Releases',
    );
    await expect(card.getByTestId('signed-facts').textContent()).resolves.toMatch(
      /^Signed on .*, for acme-setup-4\.2\.exe\.$/,
    );
    await screenshot(app.page, 'newcomer-4-verified');
  });

  it('5. a download with only a checksum on the website: one answer, saying what it cannot prove', async () => {
    await chooseAndWait(app, plain);
    const card = verdictCard(app.page, 'tiny-utility.zip');
    await card
      .getByLabel('Paste a checksum from the website')
      .fill(createHash('sha256').update(PLAIN_BYTES).digest('hex'));
    await card.getByRole('button', { name: 'Compare' }).click();
    await card.getByRole('heading', { level: 3, name: 'Matches the checksum from the website' }).waitFor();
    await screenshot(app.page, 'newcomer-5-checksum-only');
    expect(app.pageProblems).toEqual([]);
  });
});
