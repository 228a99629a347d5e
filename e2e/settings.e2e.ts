import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ColorScheme } from './harness/app';
import { launchApp, type SignetApp } from './harness/launch';
import { goTo, screenshot, seriousA11yFindings } from './harness/ui';

/** The Settings screen in both themes, at the default width and the 720 px minimum. */
let app: SignetApp;

beforeAll(async () => {
  app = await launchApp({ viewport: { width: 720, height: 720 } });
});

afterAll(async () => {
  await app?.close();
});

describe.each<ColorScheme>(['light', 'dark'])('Settings, %s', (scheme) => {
  beforeAll(async () => {
    await app.page.emulateMedia({ colorScheme: scheme });
  });

  it.each([720, 1120])(
    'at %i px: the whole screen fits, the folder is shown, no serious axe finding',
    async (width) => {
      await app.page.setViewportSize({ width, height: 720 });
      await goTo(app.page, 'settings');
      const toggle = app.page.getByRole('checkbox', { name: 'Check every new download' });
      await expect.poll(() => toggle.isEnabled()).toBe(true);
      await app.page.getByText(app.dirs.downloads, { exact: true }).waitFor();
      // Nothing is cut off sideways: the page never scrolls horizontally.
      const overflow = await app.page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await screenshot(app.page, `screen-settings-${scheme}-${width}`);
      expect(await seriousA11yFindings(app.page, scheme === 'dark' ? ['color-contrast'] : undefined)).toEqual(
        [],
      );
      expect(app.pageProblems).toEqual([]);
    },
  );
});
