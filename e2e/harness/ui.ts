import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from 'playwright';
import { screenshotDir } from './paths';

const screenLabels = {
  verify: 'Verify',
  sign: 'Sign',
  keys: 'Keys',
  trusted: 'Trusted signers',
  activity: 'Activity',
  settings: 'Settings',
} as const;
export type ScreenName = keyof typeof screenLabels;

export async function goTo(page: Page, screen: ScreenName): Promise<void> {
  const label = screenLabels[screen];
  await page
    .getByRole('navigation', { name: 'Sections' })
    .getByRole('button', { name: label, exact: true })
    .click();
  await page.getByRole('heading', { level: 1, name: label, exact: true }).waitFor();
}

/** Saves a PNG under test-results/screenshots/ (kept by every run, looked at by people). */
export async function screenshot(target: Page | Locator, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  if ('goto' in target) {
    // From the top, so the sticky sidebar sits where a person sees it.
    await target.evaluate(() => window.scrollTo(0, 0));
    await target.screenshot({ path, fullPage: true, animations: 'disabled' });
  } else await target.screenshot({ path, animations: 'disabled' });
  return path;
}

/** The verdict card of one file, found by its file name. */
export function verdictCard(page: Page, fileName: string): Locator {
  return page.locator('article[data-verdict]').filter({
    has: page.locator('.verdict__file', { hasText: new RegExp(`^${escapeRegExp(fileName)}$`) }),
  });
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface AxeFinding {
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

/**
 * axe-core's WCAG 2.x A/AA and best-practice rules (or only `rules`, e.g. colour contrast for a second
 * colour scheme of the same page); returns only serious and critical findings.
 */
export async function seriousA11yFindings(page: Page, rules?: string[]): Promise<AxeFinding[]> {
  const builder = new AxeBuilder({ page });
  if (rules) builder.withRules(rules);
  else builder.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']);
  const results = await builder.analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
}

/**
 * Clicks a button that makes main close its window (the passphrase window's submit). Main may
 * close the page before Playwright's click returns, which it reports as "page closed": the page
 * closes only once main has the answer, so a closed page means the click was made.
 */
export async function clickThatClosesWindow(button: Locator): Promise<void> {
  try {
    await button.click();
  } catch (error) {
    if (!button.page().isClosed()) throw error;
  }
}
