import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchApp, type SignetApp } from './harness/launch';
import { writeManagedTrustList } from './harness/managed-trust';
import { caseDir, makeFile, minisignKeyPair, minisignSign, type ToolKey } from './harness/tools';
import { goTo, screenshot, verdictCard } from './harness/ui';

// An organisation can decide alone who is trusted: its managed list says allowUserSigners: false.
// Then the person's own signers no longer count, and Signet offers no way to add one.

let app: SignetApp;
let corporate: ToolKey;
let vendor: ToolKey;
let signedByVendor: string;
let signedByCorporate: string;

beforeAll(async () => {
  app = await launchApp();
  const tools = await caseDir(app.dirs.root, 'tools');
  corporate = await minisignKeyPair(tools, 'corporate');
  vendor = await minisignKeyPair(tools, 'vendor');
  // Trusted by the person before the organisation's policy arrived.
  await app.trust.add({ keyText: vendor.publicKeyText, name: 'Vendor I added myself' });
  await writeManagedTrustList(app.dirs.managedTrustFile, [
    { keyText: corporate.publicKeyText, name: 'Northwind IT' },
  ]);
  const managed = JSON.parse(await readFile(app.dirs.managedTrustFile, 'utf8'));
  await writeFile(app.dirs.managedTrustFile, JSON.stringify({ ...managed, allowUserSigners: false }));
  const work = await caseDir(app.dirs.root, 'work');
  signedByVendor = await makeFile(work, 'vendor-tool.zip', 'vendor bytes');
  minisignSign(vendor, signedByVendor);
  signedByCorporate = await makeFile(work, 'northwind-agent.msi', 'agent bytes');
  minisignSign(corporate, signedByCorporate);
});

afterAll(async () => {
  await app?.close();
});

describe('an organisation that alone decides who is trusted', () => {
  it('shows only its signers, says so, and offers no way to add one', async () => {
    await goTo(app.page, 'trusted');
    await app.page.getByText('Your organisation decides who is trusted here').waitFor();
    await expect(app.page.getByRole('button', { name: 'Add a signer…' }).count()).resolves.toBe(0);
    await expect(app.page.getByRole('heading', { level: 3, name: 'Northwind IT' }).count()).resolves.toBe(1);
    await expect(
      app.page.getByRole('heading', { level: 3, name: 'Vendor I added myself' }).count(),
    ).resolves.toBe(0);
    await screenshot(app.page, 'trusted-managed-only');
  });

  it('a file signed by a signer the person added earlier is not verified, and no "Trust this signer" is offered', async () => {
    await goTo(app.page, 'verify');
    await app.willOpen(signedByVendor);
    await app.page.getByRole('button', { name: 'Choose file…' }).click();
    const card = verdictCard(app.page, 'vendor-tool.zip');
    await card.waitFor();
    await expect(card.getAttribute('data-verdict')).resolves.toBe('unknown-signer');
    await expect(card.getByRole('button', { name: 'Trust this signer…' }).count()).resolves.toBe(0);
    // The next step is one this person can take: only IT adds signers here.
    await expect(card.locator('.verdict__next').textContent()).resolves.toContain('Ask your IT team');
    await screenshot(app.page, 'verdict-unknown-signer-managed-only');
  });

  it('a file signed by the organisation’s signer is verified, and its details say who set that name', async () => {
    await goTo(app.page, 'verify');
    await app.willOpen(signedByCorporate);
    await app.page.getByRole('button', { name: 'Choose file…' }).click();
    const card = verdictCard(app.page, 'northwind-agent.msi');
    await card.waitFor();
    await expect(card.getByRole('heading', { level: 3 }).textContent()).resolves.toBe(
      'Verified: made by Northwind IT',
    );
    await card.locator('summary', { hasText: 'Details' }).click();
    const because = card
      .locator('.details__row')
      .filter({ has: app.page.locator('dt', { hasText: 'Trusted because' }) })
      .locator('dd');
    await expect(because.textContent()).resolves.toBe('Set by your organisation');
  });
});
