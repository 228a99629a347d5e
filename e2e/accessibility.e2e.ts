import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ColorScheme } from './harness/app';
import { launchApp, type SignetApp } from './harness/launch';
import { TEST_KDF } from './harness/main-side';
import { writeManagedTrustList } from './harness/managed-trust';
import { caseDir, makeFile, minisignKeyPair, minisignSign } from './harness/tools';
import { clickThatClosesWindow, goTo, type ScreenName, screenshot, seriousA11yFindings } from './harness/ui';
import { verdictFormatFiles } from './verdict-formats-a11y';

let app: SignetApp;
let checked: string[];
let make: (name: string, body: string) => Promise<string>;

beforeAll(async () => {
  app = await launchApp();
  const tools = await caseDir(app.dirs.root, 'tools');
  const acme = await minisignKeyPair(tools, 'acme');
  const other = await minisignKeyPair(tools, 'other');
  const corporate = await minisignKeyPair(tools, 'corporate');
  await writeManagedTrustList(app.dirs.managedTrustFile, [
    { keyText: corporate.publicKeyText, name: 'Northwind IT', note: 'Internal installers.' },
  ]);
  await app.trust.add({ keyText: acme.publicKeyText, name: 'Acme Releases', note: 'From acme.example/keys' });

  make = async (name: string, body: string) => makeFile(await caseDir(app.dirs.work, name), name, body);
  const verified = await make('acme-setup.exe', 'setup\n');
  minisignSign(acme, verified);
  const unknown = await make('tool.dmg', 'tool\n');
  minisignSign(other, unknown);
  const tampered = await make('update.msi', 'update\n');
  minisignSign(acme, tampered);
  await makeFile(await caseDir(app.dirs.work, 'update.msi'), 'update.msi', 'changed\n');
  const none = await make('notes.pdf', 'notes\n');
  const malformed = await make('driver.zip', 'driver\n');
  await makeFile(await caseDir(app.dirs.work, 'driver.zip'), 'driver.zip.minisig', 'garbage\n');
  checked = [verified, unknown, tampered, none, malformed];

  // Something in every list: a key, and a signing in the activity log (done through the app).
  await app.keystore.create({ name: 'Release key', passphrase: 'release passphrase', kdf: TEST_KDF });
  await goTo(app.page, 'sign');
  await app.willOpen(await make('release.tar.gz', 'release\n'));
  await app.page.getByRole('button', { name: 'Choose files…' }).click();
  await app.page
    .getByRole('list', { name: 'Files to sign' })
    .getByText('release.tar.gz', { exact: true })
    .waitFor();
  // main's own dialog says what will be written; the person agrees there.
  await app.willConfirm(true);
  await app.page.getByRole('main').getByRole('button', { name: 'Sign', exact: true }).click();
  await app.typePassphrase('release passphrase');
  await app.page.getByRole('heading', { level: 2, name: 'Signed 1 file' }).waitFor();
});

afterAll(async () => {
  await app?.close();
});

async function showVerifyResults(): Promise<void> {
  await goTo(app.page, 'verify');
  await app.willOpen(...checked);
  await app.page.getByRole('button', { name: 'Choose file…' }).click();
  await app.page.getByRole('heading', { level: 2, name: 'Results' }).waitFor();
  // The compact table, with one file's card opened in place, its details and a compared checksum.
  await app.page.getByRole('button', { name: 'Show the answer for acme-setup.exe' }).click();
  const card = app.page.locator('article[data-verdict]');
  await card.locator('summary', { hasText: 'Details' }).click();
  await card.getByLabel('Paste a checksum from the website').fill('0'.repeat(64));
  await card.getByRole('button', { name: 'Compare' }).click();
  await card.getByRole('status').filter({ hasText: 'No match.' }).waitFor();
}

async function prepare(screen: ScreenName): Promise<void> {
  if (screen === 'verify') return showVerifyResults();
  await goTo(app.page, screen);
  if (screen === 'keys') {
    await app.page.getByRole('button', { name: 'Public key' }).click();
    await app.page.getByRole('button', { name: 'Create key…' }).click();
    await app.page
      .locator('form', { has: app.page.getByRole('heading', { name: 'Create a key' }) })
      .getByLabel('Name')
      .fill('Second key');
  }
  if (screen === 'trusted') await app.page.getByRole('button', { name: 'Add a signer…' }).click();
  if (screen === 'activity') await app.page.locator('tbody tr').first().waitFor();
}

const screens: ScreenName[] = ['verify', 'sign', 'keys', 'trusted', 'activity', 'settings'];

// Light runs every rule; dark changes only colours, so it runs the contrast rule alone.
const contrastOnly = (scheme: ColorScheme) => (scheme === 'dark' ? ['color-contrast'] : undefined);

describe.each<ColorScheme>(['light', 'dark'])(
  'Every screen, %s: no serious or critical axe findings',
  (scheme) => {
    beforeAll(async () => {
      await app.page.emulateMedia({ colorScheme: scheme });
    });

    it.each(screens)('%s', async (screen) => {
      await prepare(screen);
      await screenshot(app.page, `screen-${screen}-${scheme}`);
      expect(await seriousA11yFindings(app.page, contrastOnly(scheme))).toEqual([]);
    });

    it('the delete-key dialog', async () => {
      await goTo(app.page, 'keys');
      await app.page.getByRole('button', { name: 'Delete…' }).click();
      await app.page.getByRole('dialog').waitFor();
      await screenshot(app.page, `dialog-delete-key-${scheme}`);
      expect(await seriousA11yFindings(app.page, contrastOnly(scheme))).toEqual([]);
      await app.page.keyboard.press('Escape');
      await app.page.getByRole('dialog').waitFor({ state: 'detached' });
      expect(app.pageProblems).toEqual([]);
    });

    it('main’s passphrase window', async () => {
      await goTo(app.page, 'sign');
      const file = await make(`notes-${scheme}.txt`, 'notes\n');
      await app.willOpen(file);
      await app.page.getByRole('button', { name: 'Choose files…' }).click();
      await app.page
        .getByRole('list', { name: 'Files to sign' })
        .getByText(`notes-${scheme}.txt`, { exact: true })
        .waitFor();
      // The light pass's file is still listed (its signing was cancelled): "Sign" or "Sign 2 files".
      await app.willConfirm(true);
      await app.page
        .getByRole('main')
        .getByRole('button', { name: /^Sign( \d+ files)?$/ })
        .click();
      const pin = await app.passphraseWindow();
      await pin.emulateMedia({ colorScheme: scheme });
      await screenshot(pin, `passphrase-window-${scheme}`);
      expect(await seriousA11yFindings(pin, contrastOnly(scheme))).toEqual([]);
      await clickThatClosesWindow(pin.getByRole('button', { name: 'Cancel' }));
      // The person's own cancel: a calm note (role=status), not an error.
      await app.page
        .getByRole('status')
        .filter({ hasText: 'No passphrase was given. Nothing was signed.' })
        .waitFor();
      expect(app.pageProblems).toEqual([]);
    });
  },
);

// Per-format verdict details and "Trust this publisher" on a card
describe.each<ColorScheme>(['light', 'dark'])('Verdict details per format, %s', (scheme) => {
  async function checkOne(file: string): Promise<void> {
    await goTo(app.page, 'verify');
    await app.willOpen(file);
    await app.page.getByRole('button', { name: 'Choose file…' }).click();
    await app.page
      .locator('article[data-verdict]')
      .filter({ hasText: file.split('/').pop()! })
      .waitFor();
  }

  it('an Authenticode verdict with its details open, and the trust form on a self-signed one', async () => {
    await app.page.emulateMedia({ colorScheme: scheme });
    const { verified, selfSigned, knownCert } = await verdictFormatFiles(
      app.dirs.root,
      app.dirs.work,
      scheme,
    );
    await app.trust.addPublisher({ certificate: knownCert, name: `Fabrikam (${scheme})` });
    await checkOne(verified);
    await app.page.locator('article[data-verdict] summary', { hasText: 'Details' }).first().click();
    await screenshot(app.page, `verdict-formats-details-${scheme}`);
    expect(await seriousA11yFindings(app.page, contrastOnly(scheme))).toEqual([]);
    await checkOne(selfSigned);
    await app.page.getByRole('button', { name: 'Trust this publisher…' }).click();
    await app.page.getByLabel('Name to show').waitFor();
    await screenshot(app.page, `verdict-formats-trust-${scheme}`);
    expect(await seriousA11yFindings(app.page, contrastOnly(scheme))).toEqual([]);
    expect(app.pageProblems).toEqual([]);
  });
});
