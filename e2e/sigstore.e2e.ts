import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CONFORMANCE_DIR,
  conformanceAvailable,
  DEFAULT_IDENTITY,
  DEFAULT_ISSUER,
} from '../test/helpers/sigstore-conformance';
import { launchApp, type SignetApp } from './harness/launch';
import { caseDir } from './harness/tools';
import { escapeRegExp, screenshot, verdictCard } from './harness/ui';

/**
 * A keyless Sigstore bundle from the sigstore-conformance data (read in place from ../shared, never
 * copied into the project; skipped when absent), checked offline against the public-good trusted
 * root built into the app. Its identity is first nobody's, then trusted from the verdict card.
 */

const available = conformanceAvailable();
let app: SignetApp;
let file: string;

async function check() {
  await app.willOpen(file);
  await app.page.getByRole('button', { name: 'Choose file…' }).click();
  await app.page.getByRole('heading', { level: 2, name: /^Results?$/ }).waitFor();
  const card = verdictCard(app.page, 'release-notes.txt');
  await card.waitFor();
  return card;
}

function row(card: ReturnType<typeof verdictCard>, term: string) {
  return card
    .locator('.details__row')
    .filter({ has: app.page.locator('dt', { hasText: new RegExp(`^${escapeRegExp(term)}`) }) })
    .locator('dd');
}

beforeAll(async () => {
  if (!available) return;
  app = await launchApp();
  const dir = await caseDir(app.dirs.work, 'sigstore');
  // Renamed as a download would be: the bundle is found beside the file by name, then by content.
  file = join(dir, 'release-notes.txt');
  await copyFile(join(CONFORMANCE_DIR, '..', 'a.txt'), file);
  await copyFile(join(CONFORMANCE_DIR, 'happy-path-v0.3', 'bundle.sigstore.json'), `${file}.sigstore.json`);
});

afterAll(async () => {
  await app?.close();
});

describe.skipIf(!available)('Sigstore bundles in the app', () => {
  it('an identity nobody trusts is unknown-signer, and the details say which identity signed', async () => {
    const card = await check();
    await expect(card.getAttribute('data-verdict')).resolves.toBe('unknown-signer');
    // The reason in the core's words: on the card, or in the details' technical reason.
    await expect(card.textContent()).resolves.toContain(DEFAULT_IDENTITY);
    await card.locator('summary', { hasText: 'Details' }).click();
    await expect(row(card, 'Identity (as the certificate states it)').textContent()).resolves.toContain(
      DEFAULT_IDENTITY,
    );
    await expect(row(card, 'Identity vouched for by').textContent()).resolves.toBe(DEFAULT_ISSUER);
    await expect(row(card, 'Trust root used').textContent()).resolves.toMatch(/\S/);
    await screenshot(card, 'sigstore-untrusted-identity');
  });

  it('"Trust this identity" adds exactly that identity and issuer, after main’s own confirmation', async () => {
    let card = await check();
    await card.getByRole('button', { name: 'Trust this identity…' }).click();
    await card.getByLabel('Name to show').fill('Conformance beacon');
    await app.willConfirm(true);
    await card.getByRole('button', { name: 'Trust', exact: true }).click();
    await card.getByText('“Conformance beacon” is now trusted').waitFor();
    const asked = await app.confirmations();
    expect(asked[asked.length - 1]!.detail).toContain(`Identity: ${DEFAULT_IDENTITY}`);
    expect(asked[asked.length - 1]!.detail).toContain(`Vouched for by (OIDC issuer): ${DEFAULT_ISSUER}`);
    const entries = await app.trust.listAll();
    expect(entries).toMatchObject([
      { kind: 'sigstore', identity: DEFAULT_IDENTITY, issuer: DEFAULT_ISSUER, name: 'Conformance beacon' },
    ]);

    card = await check();
    await expect(card.getAttribute('data-verdict')).resolves.toBe('verified');
    await expect(card.getByRole('heading', { level: 3 }).textContent()).resolves.toBe(
      'Verified: made by Conformance beacon',
    );
    await card.locator('summary', { hasText: 'Details' }).click();
    await expect(row(card, 'Signed on').textContent()).resolves.toContain('recorded in a public log');
    await expect(row(card, 'Transparency log index').textContent()).resolves.toMatch(/^\d+$/);
    await expect(row(card, 'Trust root date').textContent()).resolves.toMatch(
      /newest key from \d{4}-\d\d-\d\d/,
    );
    // A long identity wraps; its Copy button stays inside the card (it once was pushed past the edge).
    const cardBox = (await card.boundingBox())!;
    for (const button of await card.locator('.details button').all()) {
      const box = (await button.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(cardBox.x + cardBox.width);
    }
    await screenshot(card, 'sigstore-verified');
    await app.page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(card, 'sigstore-verified-dark');
    await app.page.emulateMedia({ colorScheme: 'light' });
  });
});
