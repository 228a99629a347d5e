import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchApp, type SignetApp } from './harness/launch';
import { TEST_KDF } from './harness/main-side';
import { caseDir, makeFile } from './harness/tools';
import { goTo, screenshot, verdictCard } from './harness/ui';

/**
 * A file the person signed with their own keystore key reads "made by you (KEY NAME)": the
 * keystore vouches for that name (VERDICTS.md), with nothing added to the trust list.
 */

let app: SignetApp;
let file: string;

beforeAll(async () => {
  app = await launchApp();
  await app.keystore.create({ name: 'Release key 2025', passphrase: 'release passphrase', kdf: TEST_KDF });
  file = await makeFile(
    await caseDir(app.dirs.work, 'own'),
    'team-tool-2.1.zip',
    'our own tool\n'.repeat(100),
  );
  await goTo(app.page, 'sign');
  await app.willOpen(file);
  await app.page.getByRole('button', { name: 'Choose files…' }).click();
  await app.page
    .getByRole('list', { name: 'Files to sign' })
    .getByText('team-tool-2.1.zip', { exact: true })
    .waitFor();
  // Where main asks before signing (its own dialog), the person says yes.
  await app.willConfirm(true);
  await app.page.getByRole('main').getByRole('button', { name: 'Sign', exact: true }).click();
  await app.typePassphrase('release passphrase');
  await app.page.getByRole('heading', { level: 2, name: 'Signed 1 file' }).waitFor();
});

afterAll(async () => {
  await app?.close();
});

describe('Signed by you', () => {
  it('names the person’s own key, vouched for by their keystore, not the trust list', async () => {
    await goTo(app.page, 'verify');
    await app.willOpen(file);
    await app.page.getByRole('button', { name: 'Choose file…' }).click();
    const card = verdictCard(app.page, 'team-tool-2.1.zip');
    await card.waitFor();
    await expect(card.getAttribute('data-verdict')).resolves.toBe('verified');
    await expect(card.getByRole('heading', { level: 3 }).textContent()).resolves.toBe(
      'Verified: made by you (Release key 2025)',
    );
    await expect(card.textContent()).resolves.toContain('your own key “Release key 2025”');
    await card.locator('summary', { hasText: 'Details' }).click();
    const confirmedBy = card
      .locator('.details__row')
      .filter({ has: app.page.locator('dt', { hasText: /^Name confirmed by$/ }) })
      .locator('dd');
    await expect(confirmedBy.textContent()).resolves.toBe('Your own keystore');
    await expect(app.trust.listAll()).resolves.toEqual([]);
    await screenshot(card, 'verdict-signed-by-you');
    await app.page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(card, 'verdict-signed-by-you-dark');
    await app.page.emulateMedia({ colorScheme: 'light' });
  });
});
