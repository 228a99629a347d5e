import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchApp, type SignetApp } from './harness/launch';
import { caseDir, makeFile, minisignKeyPair, minisignSign } from './harness/tools';
import { screenshot, verdictCard } from './harness/ui';

let app: SignetApp;
let file: string;

/** What the focused element is, as a person with a screen reader would hear it. */
function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    const style = el ? getComputedStyle(el) : null;
    return {
      tag: el?.tagName.toLowerCase() ?? '',
      text: (el?.textContent ?? '').trim(),
      outline: style ? `${style.outlineStyle} ${style.outlineWidth}` : '',
    };
  });
}

/** Presses Tab until the focused element's text matches, and says how many presses it took. */
async function tabTo(page: Page, text: string | RegExp, limit = 25): Promise<number> {
  for (let presses = 1; presses <= limit; presses++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (typeof text === 'string' ? now.text === text : text.test(now.text)) return presses;
  }
  throw new Error(`Tab never reached "${text}"`);
}

beforeAll(async () => {
  app = await launchApp();
  const tools = await caseDir(app.dirs.root, 'tools');
  const key = await minisignKeyPair(tools, 'acme');
  await app.trust.add({ keyText: key.publicKeyText, name: 'Acme Releases' });
  const dir = await caseDir(app.dirs.work, 'downloads');
  file = await makeFile(dir, 'acme-setup.exe', 'setup\n'.repeat(100));
  minisignSign(key, file);
});

afterAll(async () => {
  await app?.close();
});

describe('A whole check with the keyboard alone', () => {
  it('reaches "Choose file…" with Tab, checks the file with Enter and opens the details with Space', async () => {
    const presses = await tabTo(app.page, 'Choose file…');
    // Skip link, six sections (Settings is the sixth), then the button: nothing in the way.
    expect(presses).toBeLessThanOrEqual(8);
    expect((await focused(app.page)).outline).toMatch(/^solid 2px$/);

    await app.willOpen(file);
    await app.page.keyboard.press('Enter');
    const card = verdictCard(app.page, 'acme-setup.exe');
    await card.waitFor();
    // The answer is announced without moving focus.
    await expect(app.page.getByTestId('verify-announcement').textContent()).resolves.toBe(
      'acme-setup.exe: Verified: made by Acme Releases',
    );

    await tabTo(app.page, 'Details');
    expect((await focused(app.page)).tag).toBe('summary');
    expect((await focused(app.page)).outline).toMatch(/^solid 2px$/);
    await app.page.keyboard.press('Space');
    await expect(card.locator('details').evaluate((d) => (d as HTMLDetailsElement).open)).resolves.toBe(true);
    await screenshot(app.page, 'keyboard-details-open');

    await app.page.keyboard.press('Tab');
    expect((await focused(app.page)).text).toMatch(/^Show in folder/); // the details' first button
  });

  it('several files: Tab reaches a row’s Show, Enter opens its card in place, and Clear is always reachable', async () => {
    const other = await makeFile(await caseDir(app.dirs.work, 'other'), 'readme.txt', 'no signature\n');
    await app.willOpen(file, other);
    await app.page.getByRole('button', { name: 'Check other files…' }).focus();
    await app.page.keyboard.press('Enter');
    await app.page.locator('tr[data-verdict]').nth(1).waitFor();
    // Problems first: the unsigned file's row comes before the verified one.
    await tabTo(app.page, 'Show');
    await app.page.keyboard.press('Enter');
    const card = verdictCard(app.page, 'readme.txt');
    await card.waitFor();
    expect((await focused(app.page)).text).toBe('Hide');
    await tabTo(app.page, 'Clear', 40);
    await app.page.keyboard.press('Enter');
    await app.page.getByRole('heading', { level: 2, name: 'Results' }).waitFor({ state: 'detached' });
  });

  it('"Skip to content" jumps past the sidebar to the screen heading', async () => {
    await app.page.locator('body').evaluate((body) => (body as HTMLElement).focus());
    await app.page.reload();
    await app.page.getByRole('navigation', { name: 'Sections' }).waitFor();
    await app.page.keyboard.press('Tab');
    expect((await focused(app.page)).text).toBe('Skip to content');
    await screenshot(app.page, 'keyboard-skip-link');
    await app.page.keyboard.press('Enter');
    expect(await focused(app.page)).toMatchObject({ tag: 'h1', text: 'Verify' });
  });

  it('Control+3 opens Keys and puts focus on its heading', async () => {
    await app.page.keyboard.press('Control+3');
    await app.page.getByRole('heading', { level: 1, name: 'Keys' }).waitFor();
    expect(await focused(app.page)).toMatchObject({ tag: 'h1', text: 'Keys' });
    expect(app.pageProblems).toEqual([]);
  });
});
