import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ColorScheme } from './harness/app';
import { launchApp, type SignetApp } from './harness/launch';
import { caseDir, makeFile, minisignKeyPair, minisignSign } from './harness/tools';
import {
  clickThatClosesWindow,
  goTo,
  type ScreenName,
  screenshot,
  seriousA11yFindings,
  verdictCard,
} from './harness/ui';
import { chooseAndWait } from './harness/verify-ui';

// The 720 px minimum width, forced colours (high contrast), the skip link, and details
// that line up.

let app: SignetApp;
let files: string[];

beforeAll(async () => {
  app = await launchApp();
  const tools = await caseDir(app.dirs.root, 'tools');
  const acme = await minisignKeyPair(tools, 'acme');
  const other = await minisignKeyPair(tools, 'other');
  await app.trust.add({ keyText: acme.publicKeyText, name: 'Acme Releases' });
  const make = async (dir: string, name: string, body: string) =>
    makeFile(await caseDir(app.dirs.work, dir), name, body);
  // A deep folder, so the details hold a long path beside its button.
  const deep = 'downloads/from-the-acme-website/releases/2026/december/windows-installers-and-archives';
  const verified = await make(deep, 'acme-setup-4.2-windows-x64-installer-with-a-long-name.exe', 'setup\n');
  minisignSign(acme, verified);
  const unknown = await make('u', 'tool.dmg', 'tool\n');
  minisignSign(other, unknown);
  const tampered = await make('t', 'update.msi', 'update\n');
  minisignSign(acme, tampered);
  await makeFile(await caseDir(app.dirs.work, 't'), 'update.msi', 'changed\n');
  const none = await make('n', 'notes.pdf', 'notes\n');
  files = [verified, unknown, tampered, none];
});

afterAll(async () => {
  await app?.close();
});

/** How far the page reaches past the window's right edge (0 = nothing cut off or scrolled sideways). */
function overflow(): Promise<number> {
  return app.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

describe('at the 720 px minimum width', () => {
  beforeAll(async () => {
    await app.page.setViewportSize({ width: 720, height: 780 });
  });

  afterAll(async () => {
    await app.page.setViewportSize({ width: 1120, height: 780 });
  });

  it.each<ColorScheme>(['light', 'dark'])(
    'the sidebar folds to icons and no screen is cut off (%s)',
    async (scheme) => {
      await app.page.emulateMedia({ colorScheme: scheme });
      const sidebar = await app.page.locator('.sidebar').boundingBox();
      expect(sidebar!.width).toBeLessThan(80);
      for (const screen of ['sign', 'keys', 'trusted', 'activity', 'verify'] as ScreenName[]) {
        await goTo(app.page, screen);
        expect(await overflow()).toBe(0);
        await screenshot(app.page, `narrow-720-${screen}-${scheme}`);
      }
      await chooseAndWait(app, ...files);
      await app.page.getByRole('button', { name: /^Show the answer for acme-setup/ }).click();
      const card = app.page.locator('article[data-verdict]');
      await card.locator('summary', { hasText: 'Details' }).click();
      expect(await overflow()).toBe(0);
      // The action bar's buttons sit on one line each, not broken mid-word.
      const clear = await app.page
        .getByTestId('verify-action-bar')
        .getByRole('button', { name: 'Clear' })
        .boundingBox();
      expect(clear!.height).toBeLessThan(44);
      await screenshot(app.page, `narrow-720-verify-results-${scheme}`);
      expect(await seriousA11yFindings(app.page, scheme === 'dark' ? ['color-contrast'] : undefined)).toEqual(
        [],
      );
      await app.page.emulateMedia({ colorScheme: 'light' });
    },
  );
});

describe('the skip link', () => {
  it('shows over the content, never over the logo', async () => {
    await goTo(app.page, 'verify');
    const skip = app.page.getByRole('button', { name: 'Skip to content' });
    // The first stop of the page: one Shift+Tab back from the first section button.
    await app.page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('button', { name: 'Verify', exact: true })
      .focus();
    await app.page.keyboard.press('Shift+Tab');
    await expect(skip.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await expect(skip.evaluate((el) => getComputedStyle(el).transform)).resolves.toBe('none');
    const link = (await skip.boundingBox())!;
    const logo = (await app.page.locator('.sidebar__brand').boundingBox())!;
    const overlaps =
      link.x < logo.x + logo.width &&
      logo.x < link.x + link.width &&
      link.y < logo.y + logo.height &&
      logo.y < link.y + link.height;
    expect(overlaps).toBe(false);
    await screenshot(app.page, 'skip-link-focused');
    await app.page.keyboard.press('Escape');
  });
});

describe('details line up', () => {
  it('one label width, labels on the value’s first line, buttons beside long paths', async () => {
    await chooseAndWait(app, files[0]!);
    const card = verdictCard(app.page, 'acme-setup-4.2-windows-x64-installer-with-a-long-name.exe');
    await card.locator('summary', { hasText: 'Details' }).click();
    const rows = await card.locator('.details__row').evaluateAll((all) =>
      all.map((row) => {
        const dt = row.querySelector('dt')!.getBoundingClientRect();
        const dd = row.querySelector('dd')!;
        const first = dd.firstElementChild?.getBoundingClientRect() ?? dd.getBoundingClientRect();
        const button = dd.querySelector('button')?.getBoundingClientRect();
        return {
          label: row.querySelector('dt')!.textContent,
          dtLeft: dt.left,
          ddLeft: dd.getBoundingClientRect().left,
          dtTop: dt.top,
          valueTop: first.top,
          button: button ? { top: button.top, left: button.left } : null,
          ddTop: dd.getBoundingClientRect().top,
        };
      }),
    );
    expect(new Set(rows.map((r) => Math.round(r.ddLeft))).size).toBe(1);
    expect(new Set(rows.map((r) => Math.round(r.dtLeft))).size).toBe(1);
    for (const row of rows) {
      // On the baseline of the value's first line: within a few pixels of its top, never a line lower.
      expect(Math.abs(row.dtTop - row.valueTop), row.label ?? '').toBeLessThan(8);
      // A Copy or Show in folder button stays on the value's first line, beside the path.
      if (row.button) expect(row.button.top - row.ddTop, row.label ?? '').toBeLessThan(8);
    }
    await screenshot(card, 'details-aligned');
  });
});

describe('forced colours (high contrast)', () => {
  afterAll(async () => {
    await app.page.emulateMedia({ forcedColors: 'none' });
  });

  it('verdict stripes and table rows keep their tone as borders', async () => {
    await app.page.emulateMedia({ forcedColors: 'active' });
    await chooseAndWait(app, ...files);
    const rowBorders = await app.page
      .locator('tr[data-verdict] td:first-child')
      .evaluateAll((cells) => cells.map((c) => Number.parseFloat(getComputedStyle(c).borderLeftWidth)));
    expect(rowBorders.every((w) => w >= 4)).toBe(true);
    await app.page.getByRole('button', { name: /^Show the answer for update\.msi/ }).click();
    const stripe = await app.page.locator('article[data-verdict]').evaluate((card) => {
      const style = getComputedStyle(card, '::before');
      return { width: Number.parseFloat(style.borderLeftWidth), style: style.borderLeftStyle };
    });
    expect(stripe.width).toBeGreaterThanOrEqual(5);
    expect(stripe.style).toBe('double');
    await screenshot(app.page, 'forced-colors-verify-results');
  });

  it('the passphrase strength meter stays visible', async () => {
    await goTo(app.page, 'keys');
    await app.page.getByRole('button', { name: 'Create key…' }).click();
    const form = app.page.locator('form', { has: app.page.getByRole('heading', { name: 'Create a key' }) });
    await form.getByLabel('Name').fill('Contrast key');
    await form.getByRole('button', { name: 'Create key' }).click();
    const pin = await app.passphraseWindow();
    await pin.emulateMedia({ forcedColors: 'active' });
    await pin.getByLabel('New passphrase').fill('maple orbit candle river');
    await pin.getByText(/^Strength: /).waitFor();
    const bars = await pin
      .locator('.strength__bar--on')
      .evaluateAll((all) => all.map((b) => Number.parseFloat(getComputedStyle(b).borderTopWidth)));
    expect(bars.length).toBeGreaterThan(0);
    expect(bars.every((w) => w >= 4)).toBe(true);
    await screenshot(pin, 'forced-colors-strength-meter');
    await clickThatClosesWindow(pin.getByRole('button', { name: 'Cancel' }));
    expect(app.pageProblems).toEqual([]);
  });
});
