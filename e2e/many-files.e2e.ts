import { appendFile, copyFile, open } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canDropFiles, launchApp, type SignetApp } from './harness/launch';
import { caseDir, makeFile, minisignKeyPair, minisignSign, run } from './harness/tools';
import { screenshot } from './harness/ui';
import { chooseAndWait, resultRow } from './harness/verify-ui';

// A release of 100 files checked at once stays usable — a compact table with the
// problems first and the action bar always in view — and a running check is never replaced by a
// stray drop, while its progress says how long is left.

let app: SignetApp;
let files: string[];
let huge: string;
const CHANGED = ['app-017.tar.gz', 'app-063.tar.gz'];
const UNLISTED = 'notes-for-testers.txt';

beforeAll(async () => {
  app = await launchApp();
  const tools = await caseDir(app.dirs.root, 'tools');
  const key = await minisignKeyPair(tools, 'release');
  await app.trust.add({ keyText: key.publicKeyText, name: 'Acme Releases' });
  const release = await caseDir(app.dirs.work, 'release');
  files = [];
  for (let i = 1; i <= 99; i += 1) {
    const name = `app-${String(i).padStart(3, '0')}.tar.gz`;
    files.push(await makeFile(release, name, `release file ${i}\n`.repeat(20)));
  }
  // One signed SHA256SUMS for the whole release, made by sha256sum and minisign themselves.
  const sums = run(
    'sha256sum',
    files.map((f) => f.slice(release.length + 1)),
    undefined,
    release,
  );
  const list = await makeFile(release, 'SHA256SUMS', sums);
  minisignSign(key, list);
  for (const name of CHANGED) await appendFile(join(release, name), 'changed after release\n');
  files.push(await makeFile(release, UNLISTED, 'not in the list\n'));

  // A 4 GiB sparse file with a signature of another file: checking it means reading all of it.
  const big = await caseDir(app.dirs.work, 'big');
  huge = join(big, 'disk-image.iso');
  const handle = await open(huge, 'w');
  await handle.truncate(4 * 1024 ** 3);
  await handle.close();
  const small = await makeFile(tools, 'small.iso', 'small');
  await copyFile(minisignSign(key, small), `${huge}.minisig`);
});

afterAll(async () => {
  await app?.close();
});

describe('100 files at once', () => {
  it('lists them as a compact table, problems first, with the action bar in view', async () => {
    const started = Date.now();
    await chooseAndWait(app, ...files);
    // Reported, not asserted: the time depends on the machine's load.
    console.log(`100 files checked in ${Date.now() - started} ms`);
    const rows = app.page.locator('tr[data-verdict]');
    await expect(rows.count()).resolves.toBe(100);
    const verdicts = await rows.evaluateAll((all) => all.map((r) => r.getAttribute('data-verdict')));
    expect(verdicts.slice(0, 3)).toEqual(['tampered', 'tampered', 'no-signature']);
    expect(verdicts.slice(3).every((v) => v === 'verified')).toBe(true);
    await expect(resultRow(app.page, CHANGED[0]!).locator('td').nth(1).textContent()).resolves.toBe(
      'Do not use this file: it was changed after it was signed',
    );
    await expect(app.page.locator('.results__summary').textContent()).resolves.toBe(
      '100 files checked: 97 verified, 2 must not be used, 1 needs your attention.',
    );
    // Compact: a row is one line high, so 100 rows are a few screens, not dozens.
    const rowHeight = await rows.nth(50).evaluate((r) => r.getBoundingClientRect().height);
    expect(rowHeight).toBeLessThan(48);

    // Scrolled to the middle of the list, the action bar is still on screen.
    const bar = app.page.getByTestId('verify-action-bar');
    await rows.nth(50).scrollIntoViewIfNeeded();
    const viewport = app.page.viewportSize()!;
    const box = (await bar.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(viewport.height + 1);
    await expect(bar.getByRole('button', { name: 'Clear' }).isVisible()).resolves.toBe(true);
    await app.page.screenshot({
      path: join('test-results', 'screenshots', 'verify-100-files-scrolled.png'),
      animations: 'disabled',
    });
    await screenshot(app.page, 'verify-100-files');
  });

  it('keeps the drop zone inactive while a check runs, and shows the time left', async () => {
    const clear = app.page.getByRole('button', { name: 'Clear', exact: true });
    if (await clear.count()) await clear.click();
    await app.willOpen(huge);
    await app.page.getByRole('button', { name: 'Choose file…' }).click();
    const zone = app.page.getByTestId('dropzone');
    await app.page.getByTestId('progress-time-left').waitFor();
    await expect(zone.getAttribute('data-inactive')).resolves.toBe('true');
    await expect(zone.textContent()).resolves.toContain('drop more files when this is done');
    await expect(app.page.getByTestId('progress-time-left').textContent()).resolves.toMatch(
      /(seconds?|minutes?|hours?) left|Almost done/,
    );
    if (canDropFiles) {
      // A drop now does not replace the running check.
      await app.dropFiles([files[0]!]);
      await expect(app.page.getByTestId('progress').textContent()).resolves.toContain('disk-image.iso');
    }
    await screenshot(app.page, 'verify-progress-time-left');
    await app.page.getByTestId('progress').getByRole('button', { name: 'Cancel' }).click();
    await app.page.getByRole('status').filter({ hasText: 'Checking was cancelled' }).waitFor();
    await expect(zone.getAttribute('data-inactive')).resolves.toBeNull();
    expect(app.pageProblems).toEqual([]);
  });
});
