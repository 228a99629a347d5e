import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenPgpKey } from '../electron/core/formats/openpgp-keys';
import type { ColorScheme } from './harness/app';
import { launchApp, type SignetApp } from './harness/launch';
import { TEST_KDF } from './harness/main-side';
import { caseDir, makeFile } from './harness/tools';
import { goTo, screenshot, seriousA11yFindings } from './harness/ui';

// The release style an OpenPGP key signs in, picked beside the main key ("Also sign with") and
// for the main key itself: every style's name reads whole in its select, and what it writes in a
// hint that wraps, at the 720 px minimum width and a wide window, light and dark.

let app: SignetApp;
let pgpKeyId = '';
let miniKeyId = '';

const STYLES = ['apache', 'node', 'debian', 'debian-sign'];

beforeAll(async () => {
  app = await launchApp();
  const made = await createOpenPgpKey({
    name: 'Release 2025',
    email: 'r25@acme.example',
    passphrase: 'harbour lantern quartz meadow',
  });
  await app.keystore.add({ name: 'Release 2025', record: made.record, keyFile: made.keyFile });
  await app.keystore.create({
    name: 'Minisign release',
    passphrase: 'willow granite sparrow tide',
    kdf: TEST_KDF,
  });
  const keys = await app.keystore.list();
  pgpKeyId = keys.find((k) => k.name === 'Release 2025')!.keyId;
  miniKeyId = keys.find((k) => k.name === 'Minisign release')!.keyId;
  const file = await makeFile(
    await caseDir(app.dirs.work, 'styles'),
    'acme-7.0.tar.gz',
    'acme\n'.repeat(100),
  );
  await goTo(app.page, 'sign');
  await app.willOpen(file);
  await app.page.getByRole('button', { name: 'Choose files…' }).click();
  await app.page
    .getByRole('list', { name: 'Files to sign' })
    .getByText('acme-7.0.tar.gz', { exact: true })
    .waitFor();
});

afterAll(async () => {
  await app?.close();
});

/** The select's shown text, the width it needs in the select's own font, and the room it has. */
function selectedTextRoom(select: ReturnType<SignetApp['page']['locator']>) {
  return select.evaluate((element) => {
    const el = element as HTMLSelectElement;
    const style = getComputedStyle(el);
    const context = document.createElement('canvas').getContext('2d')!;
    context.font = style.font;
    const text = el.options[el.selectedIndex]?.text ?? '';
    const room =
      el.clientWidth - Number.parseFloat(style.paddingLeft) - Number.parseFloat(style.paddingRight);
    return { text, needed: Math.ceil(context.measureText(text).width), room: Math.floor(room) };
  });
}

/** Whether a block's text stays inside it and inside the window (wrapped, not cut or scrolled). */
function staysInside(locator: ReturnType<SignetApp['page']['locator']>) {
  return locator.evaluate(
    (el) => el.scrollWidth <= el.clientWidth && el.getBoundingClientRect().right <= window.innerWidth,
  );
}

describe.each([720, 1120])('the style picker at %i px', (width) => {
  beforeAll(async () => {
    await app.page.setViewportSize({ width, height: 900 });
  });

  it.each<ColorScheme>(['light', 'dark'])(
    'beside the main key: each style reads whole (%s)',
    async (scheme) => {
      await app.page.emulateMedia({ colorScheme: scheme });
      await app.page
        .getByLabel('Key', { exact: true })
        .selectOption({ label: `Minisign release (${miniKeyId})` });
      const extra = app.page.getByTestId('extra-keys');
      const box = extra.getByLabel(`Release 2025 (${pgpKeyId})`);
      if (!(await box.isChecked())) await box.check();
      const picker = extra.getByLabel('Style for Release 2025');
      await picker.waitFor();
      const writes = extra.getByTestId('style-writes');
      for (const style of STYLES) {
        await picker.selectOption(style);
        const fit = await selectedTextRoom(picker);
        expect(fit.needed, `“${fit.text}” needs ${fit.needed} px of ${fit.room}`).toBeLessThanOrEqual(
          fit.room,
        );
        expect(fit.text).toBe(style);
        await expect(writes.textContent()).resolves.toMatch(/^Writes .+\.$/);
        expect(await staysInside(writes)).toBe(true);
      }
      await picker.selectOption('node');
      expect(await staysInside(extra)).toBe(true);
      await screenshot(
        app.page.locator('section.panel', { has: extra }),
        `style-picker-also-sign-with-${width}-${scheme}`,
      );
      expect(await seriousA11yFindings(app.page, scheme === 'dark' ? ['color-contrast'] : undefined)).toEqual(
        [],
      );
    },
  );

  it('for the main key: each style reads whole', async () => {
    await app.page.emulateMedia({ colorScheme: 'light' });
    await app.page.getByLabel('Key', { exact: true }).selectOption({ label: `Release 2025 (${pgpKeyId})` });
    const picker = app.page.getByTestId('sign-style');
    await picker.waitFor();
    for (const style of STYLES) {
      await picker.selectOption(style);
      const fit = await selectedTextRoom(picker);
      expect(fit.needed, `“${fit.text}” needs ${fit.needed} px of ${fit.room}`).toBeLessThanOrEqual(fit.room);
    }
    await picker.selectOption('node');
    await screenshot(app.page.locator('section.panel', { has: picker }), `style-picker-main-key-${width}`);
  });
});
