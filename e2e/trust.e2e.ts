import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchApp, type SignetApp } from './harness/launch';
import { writeManagedTrustList } from './harness/managed-trust';
import { bareKey, caseDir, minisignKeyId, minisignKeyPair, sshKeyPair, type ToolKey } from './harness/tools';
import { goTo, screenshot } from './harness/ui';

let app: SignetApp;
let corporate: ToolKey;
let vendor: ToolKey;
let pasted: ToolKey;
let ssh: ToolKey;

beforeAll(async () => {
  app = await launchApp();
  const tools = await caseDir(app.dirs.root, 'tools');
  corporate = await minisignKeyPair(tools, 'corporate');
  vendor = await minisignKeyPair(tools, 'vendor');
  pasted = await minisignKeyPair(tools, 'pasted');
  ssh = await sshKeyPair(tools, 'deploy');
  await writeManagedTrustList(app.dirs.managedTrustFile, [
    {
      keyText: corporate.publicKeyText,
      name: 'Northwind IT',
      note: 'Every internal installer is signed with this key.',
    },
  ]);
  await goTo(app.page, 'trusted');
});

afterAll(async () => {
  await app?.close();
});

const card = (name: string) =>
  app.page.locator('article.card').filter({ has: app.page.getByRole('heading', { level: 3, name }) });
const form = () => app.page.locator('form', { has: app.page.getByRole('heading', { name: 'Add a signer' }) });

async function openAddForm() {
  if ((await form().count()) === 0) await app.page.getByRole('button', { name: 'Add a signer…' }).click();
}

describe('Trusted signers: add from a file, a pasted key or an SSH line; remove with confirmation', () => {
  it('marks the organisation’s signers as managed and offers no way to remove them', async () => {
    const managed = card('Northwind IT');
    await managed.waitFor();
    await expect(managed.textContent()).resolves.toContain('Managed by your organisation');
    await expect(managed.textContent()).resolves.toContain(minisignKeyId(corporate));
    await expect(managed.getByRole('button', { name: /Remove/ }).count()).resolves.toBe(0);
  });

  it('adds a signer from a public key file', async () => {
    await openAddForm();
    await app.willOpen(vendor.publicKeyFile);
    await form().getByRole('button', { name: 'Choose public key file…' }).click();
    await expect(form().getByTestId('public-key-file').textContent()).resolves.toBe('vendor.pub');
    await form().getByLabel('Name', { exact: true }).fill('Contoso Tools');
    await form().getByLabel('Note (optional)').fill('From contoso.example/keys, checked by phone.');
    await screenshot(app.page, 'trusted-add-file');
    await form().getByRole('button', { name: 'Add signer' }).click();
    await card('Contoso Tools').waitFor();
    await expect(card('Contoso Tools').textContent()).resolves.toContain('checked by phone');
    const stored = await app.trust.list();
    expect(stored.find((s) => s.name === 'Contoso Tools')?.keyId).toBe(minisignKeyId(vendor));
  });

  it('adds a signer from a pasted key string', async () => {
    await openAddForm();
    await form().getByLabel('I will paste it').check();
    await form().getByLabel('Public key', { exact: true }).fill(bareKey(pasted));
    await form().getByLabel('Name', { exact: true }).fill('Fabrikam Releases');
    await form().getByRole('button', { name: 'Add signer' }).click();
    await card('Fabrikam Releases').waitFor();
    expect((await app.trust.list()).some((s) => s.keyId === minisignKeyId(pasted))).toBe(true);
  });

  it('adds a signer from an SSH allowed_signers line', async () => {
    await openAddForm();
    await form().getByLabel('I will paste it').check();
    const [type, blob] = ssh.publicKeyText.trim().split(/\s+/);
    await form()
      .getByLabel('Public key', { exact: true })
      .fill(`deploy@example.org namespaces="file" ${type} ${blob}`);
    await form().getByLabel('Name', { exact: true }).fill('Deploy robot');
    await form().getByRole('button', { name: 'Add signer' }).click();
    await card('Deploy robot').waitFor();
    await expect(card('Deploy robot').textContent()).resolves.toContain('SSH key');
    const added = (await app.trust.list()).find((s) => s.name === 'Deploy robot');
    expect(added?.kind).toBe('ssh');
    expect(added?.keyId).toMatch(/^SHA256:/);
  });

  it('explains a key it cannot read and adds nothing', async () => {
    const before = (await app.trust.list()).length;
    await openAddForm();
    await form().getByLabel('I will paste it').check();
    await form().getByLabel('Public key', { exact: true }).fill('this is not a key');
    await form().getByLabel('Name', { exact: true }).fill('Nobody');
    await form().getByRole('button', { name: 'Add signer' }).click();
    const alert = form().getByRole('alert');
    await expect(alert.textContent()).resolves.toContain('The signer was not added');
    await screenshot(app.page, 'trusted-add-error');
    expect((await app.trust.list()).length).toBe(before);
    await form().getByRole('button', { name: 'Cancel' }).click();
  });

  it('removes a signer only after confirming', async () => {
    await card('Fabrikam Releases').getByRole('button', { name: 'Remove Fabrikam Releases' }).click();
    const dialog = app.page.getByRole('dialog', { name: 'Stop trusting Fabrikam Releases?' });
    await dialog.waitFor();
    await screenshot(app.page, 'trusted-remove-confirm');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect((await app.trust.list()).some((s) => s.name === 'Fabrikam Releases')).toBe(true);

    await card('Fabrikam Releases').getByRole('button', { name: 'Remove Fabrikam Releases' }).click();
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await app.page
      .getByRole('status')
      .filter({ hasText: 'Fabrikam Releases is no longer trusted' })
      .waitFor();
    await expect(card('Fabrikam Releases').count()).resolves.toBe(0);
    expect((await app.trust.list()).map((s) => s.name)).toEqual([
      'Northwind IT',
      'Contoso Tools',
      'Deploy robot',
    ]);
    await screenshot(app.page, 'trusted-list');
    expect(app.pageProblems).toEqual([]);
  });
});
