import type { Locator, Page } from 'playwright';

/** One file's row in the results table (several files checked at once), found by its file name. */
export function resultRow(page: Page, fileName: string): Locator {
  return page.locator(`tr[data-verdict][data-file="${fileName.replace(/["\\]/g, '\\$&')}"]`);
}

/** Checks files through the native open dialog stand-in and waits for the results to show. */
export async function chooseAndWait(
  app: { page: Page; willOpen(...paths: string[]): Promise<void> },
  ...files: string[]
): Promise<void> {
  // Earlier results go first, so the wait below cannot be answered by them.
  const results = app.page.getByRole('heading', { level: 2, name: /^Results?$/ });
  if (await results.count()) {
    await app.page.getByRole('button', { name: 'Clear', exact: true }).click();
    await results.waitFor({ state: 'detached' });
  }
  await app.willOpen(...files);
  await app.page.getByRole('button', { name: 'Choose file…' }).click();
  // Generous: a hundred files on a busy two-core machine take a while, and a person would wait too.
  await app.page.getByRole('heading', { level: 2, name: /^Results?$/ }).waitFor({ timeout: 120_000 });
}
