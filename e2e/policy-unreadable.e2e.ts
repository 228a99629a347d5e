import { mkdir, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchApp, type SignetApp } from './harness/launch';
import { caseDir, makeFile, minisignKeyPair, minisignSign } from './harness/tools';
import { goTo, screenshot, verdictCard } from './harness/ui';

// The organisation's policy is there but cannot be read (here: a link to a file that is gone).
// Nothing is verified until it is fixed, and the Trusted signers screen says why.

let app: SignetApp;
let signed: string;

beforeAll(async () => {
  app = await launchApp();
  const tools = await caseDir(app.dirs.root, 'tools');
  const vendor = await minisignKeyPair(tools, 'vendor');
  await app.trust.add({ keyText: vendor.publicKeyText, name: 'Vendor I added myself' });
  await mkdir(dirname(app.dirs.managedTrustFile), { recursive: true });
  await symlink(join(app.dirs.root, 'deployed-policy-that-is-gone.json'), app.dirs.managedTrustFile);
  const work = await caseDir(app.dirs.root, 'work');
  signed = await makeFile(work, 'vendor-tool.zip', 'vendor bytes');
  minisignSign(vendor, signed);
});

afterAll(async () => {
  await app?.close();
});

describe('an organisation policy that cannot be read', () => {
  it('the Trusted signers screen says so', async () => {
    await goTo(app.page, 'trusted');
    await app.page.getByText("Your organisation's policy cannot be read — ask your IT team").waitFor();
    await screenshot(app.page, 'trusted-policy-unreadable');
  });

  it('a file signed by a signer the person trusts is not verified', async () => {
    await goTo(app.page, 'verify');
    await app.willOpen(signed);
    await app.page.getByRole('button', { name: 'Choose file…' }).click();
    const card = verdictCard(app.page, 'vendor-tool.zip');
    await card.waitFor();
    await expect(card.getAttribute('data-verdict')).resolves.toBe('unknown-signer');
    await expect(card.textContent()).resolves.toContain("Your organisation's policy cannot be read");
  });
});
